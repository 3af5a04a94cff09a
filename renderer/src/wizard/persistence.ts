import { useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { steps, type WizardSecrets, type WizardValues } from './model';

interface Restored {
  values: Partial<WizardValues>;
  secrets: WizardSecrets;
  step: number;
}

/**
 * Resume and autosave: on start, the saved step, values and draft keys (from the keychain) come back;
 * afterwards every change is saved (the service debounces the disk write). Setup keys go to the keychain
 * as the draft's 'setup' entry, never into the state file.
 */
export function usePersistence(values: WizardValues, secrets: WizardSecrets, current: number, onRestore: (state: Restored) => void) {
  const [loaded, setLoaded] = useState(false);
  const [problems, setProblems] = useState<AppErrorData[]>([]);
  const restore = useRef(onRestore);
  restore.current = onRestore;

  useEffect(() => {
    void window.dtrApi.invoke('wizard.loadState', {}).then((outcome) => {
      if (outcome.ok) {
        const { state, secrets: saved, problems: found } = outcome.value;
        setProblems(found);
        if (state) {
          const step = Math.max(0, steps.findIndex((s) => s.id === state.step));
          restore.current({ values: state.values as Partial<WizardValues>, secrets: saved, step });
        } else if (saved.setup || saved.registry) {
          restore.current({ values: {}, secrets: saved, step: 0 });
        }
      } else {
        setProblems([outcome.error]);
      }
      setLoaded(true);
    });
  }, []);

  const stepId = steps[current]?.id ?? 'target';
  useEffect(() => {
    if (!loaded) return;
    const timer = setTimeout(() => {
      void window.dtrApi.invoke('wizard.saveState', { step: stepId, values: values as unknown as Record<string, string> });
    }, 250);
    return () => clearTimeout(timer);
  }, [loaded, values, stepId]);

  const setup = secrets.setup;
  useEffect(() => {
    if (!loaded || !setup?.accessKeyId.trim() || !setup.secretAccessKey) return;
    const timer = setTimeout(() => {
      void window.dtrApi.invoke('wizard.saveDraftSecret', { role: 'setup', credentials: { accessKeyId: setup.accessKeyId.trim(), secretAccessKey: setup.secretAccessKey } });
    }, 400);
    return () => clearTimeout(timer);
  }, [loaded, setup]);

  return { loaded, problems };
}
