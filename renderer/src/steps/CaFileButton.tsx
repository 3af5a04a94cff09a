import { useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { call } from '../api';
import { ErrorBox } from '../ui';

/** Ask main for a CA file (native open dialog; main caps its size and checks the PEM) and hand over its text. */
export async function chooseCaFile(): Promise<{ pem: string; fileName: string } | { error: AppErrorData } | undefined> {
  const outcome = await call('dialog.openCaFile', {});
  if (!outcome.ok) return { error: outcome.error };
  return outcome.value.canceled ? undefined : { pem: outcome.value.pem, fileName: outcome.value.fileName };
}

/** "Open a CA file…" next to a PEM field. In the browser harness main answers NOT_AVAILABLE_IN_BROWSER with its fix. */
export function CaFileButton({ value, onPem }: { value: string; onPem: (pem: string) => void }) {
  const [problem, setProblem] = useState<AppErrorData>();
  const [loaded, setLoaded] = useState<string>();
  const loadedPem = useRef<string>(undefined);
  // Once the field holds something else (typed, pasted, or loaded from the menu), older news is stale.
  useEffect(() => {
    setProblem(undefined);
    if (value !== loadedPem.current) setLoaded(undefined);
  }, [value]);
  const open = async () => {
    const chosen = await chooseCaFile();
    setProblem(chosen && 'error' in chosen ? chosen.error : undefined);
    if (chosen && 'pem' in chosen) {
      loadedPem.current = chosen.pem;
      onPem(chosen.pem);
      setLoaded(chosen.fileName);
    }
  };
  return (
    <div className="file-row">
      <button type="button" className="secondary" onClick={() => void open()}>Open a CA file…</button>
      <span role="status" className="muted">{loaded ? ` Loaded ${loaded}.` : ''}</span>
      {problem ? <ErrorBox title="The CA file could not be opened" error={problem} /> : null}
    </div>
  );
}
