import { useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { KeyFields } from '../steps/KeyFields';
import { ErrorBox } from '../ui';
import { replaceRegistryKey } from './profile-actions';

type KeyEntry = Parameters<typeof KeyFields>[0]['value'];
const empty: KeyEntry = { accessKeyId: '', secretAccessKey: '', stored: false };

/**
 * Replace the registry's key of a saved profile: the new secret goes straight to the keychain (refused
 * there, as everywhere, if it is temporary) and leaves this form once stored.
 */
export function KeyReplace({ name, onStored }: { name: string; onStored: () => void }) {
  const [key, setKey] = useState<KeyEntry>(empty);
  const [problem, setProblem] = useState<AppErrorData>();
  const [busy, setBusy] = useState(false);
  const store = async () => {
    const accessKeyId = key.accessKeyId.trim();
    if (!accessKeyId || !key.secretAccessKey) return setProblem({ code: 'KEYS_MISSING', message: 'Enter both the access key ID and its secret.' });
    setBusy(true);
    setProblem(undefined);
    const outcome = await replaceRegistryKey(name, { accessKeyId, secretAccessKey: key.secretAccessKey });
    setBusy(false);
    if (!outcome.ok) return setProblem(outcome.error);
    setKey({ accessKeyId, secretAccessKey: '', stored: true });
    onStored();
  };
  return (
    <div className="key-replace">
      <div className="row">
        <KeyFields idLabel="New registry access key ID" secretLabel="New registry secret access key" value={key} onChange={setKey} onCommit={() => undefined} />
      </div>
      {key.stored ? <p className="callout ok" role="status">The new key <code>{key.accessKeyId}</code> is in the OS keychain for “{name}”. Re-check to validate it.</p> : null}
      {problem ? <ErrorBox error={problem} title="The key was not stored" /> : null}
      {key.stored ? null : <p><button type="button" disabled={busy} onClick={() => void store()}>Store the new key in the keychain</button></p>}
    </div>
  );
}
