import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { emptyKey, steps, type WizardSecrets, type WizardValues } from './model';
import { call } from '../api';

interface Restored {
  values: Partial<WizardValues>;
  secrets: WizardSecrets;
  step: number;
}

/**
 * Resume and autosave: on start, the saved step and values come back, and for each key only whether the
 * keychain holds it (never the secret); afterwards every change is saved (the service debounces the disk
 * write). Saves carry the session loadState gave: after a clear (here or elsewhere) the service refuses
 * the old session's saves, so a stale autosave can never bring a cleared wizard back.
 */
export function usePersistence(values: WizardValues, current: number, onRestore: (state: Restored) => void) {
  const [loaded, setLoaded] = useState(false);
  const [problems, setProblems] = useState<AppErrorData[]>([]);
  const session = useRef<string | undefined>(undefined);
  const restore = useRef(onRestore);
  restore.current = onRestore;

  useEffect(() => {
    void call('wizard.loadState', {}).then((outcome) => {
      if (outcome.ok) {
        const { state, keys, session: id, problems: found } = outcome.value;
        session.current = id;
        setProblems(found);
        const secrets: WizardSecrets = {};
        for (const role of ['setup', 'registry'] as const) {
          const key = keys[role];
          if (key?.stored) secrets[role] = { ...emptyKey, accessKeyId: key.accessKeyId, stored: true };
        }
        if (state) {
          const step = Math.max(0, steps.findIndex((s) => s.id === state.step));
          restore.current({ values: state.values, secrets, step });
        } else if (secrets.setup || secrets.registry) {
          restore.current({ values: {}, secrets, step: 0 });
        }
      } else {
        setProblems([outcome.error]);
      }
      setLoaded(true);
    });
  }, []);

  const stepId = steps[current]?.id ?? 'target';
  useEffect(() => {
    const id = session.current;
    if (!loaded || !id) return;
    const timer = setTimeout(() => {
      void call('wizard.saveState', { session: id, step: stepId, values: values });
    }, 250);
    return () => clearTimeout(timer);
  }, [loaded, values, stepId]);

  /** Start over: the service forgets state and draft keys; this page's saves continue under the new session. */
  const clear = useCallback(async () => {
    session.current = undefined;
    const outcome = await call('wizard.clearState', {});
    if (outcome.ok) session.current = outcome.value.session;
    else setProblems([outcome.error]);
    return outcome.ok;
  }, []);

  return { loaded, problems, clear };
}
