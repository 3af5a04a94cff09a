import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { call, onEvent } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import { initialFlow, reduce } from '../../../shared/wizard/state';
import { chooseCaFile } from '../steps/CaFileButton';
import { firstBlockedStep, stepErrors, steps, type KeyRole } from './model';
import { usePersistence } from './persistence';
import type { StepProps } from './step-props';

/**
 * The wizard's container logic: the reducer, and every call to main the frame makes (resume and autosave,
 * keys to the keychain, the app menu's commands). Steps get props; their own long actions use useOperation.
 */
export function useWizard() {
  const [flow, dispatch] = useReducer(reduce, initialFlow);
  const { values, secrets, step: current } = flow;
  const { loaded, problems, clear } = usePersistence(values, current, (state) => dispatch({ type: 'restored', ...state }));
  // The state as of the last render, for callbacks that run later (after awaits, from menu events).
  const latest = useRef(flow);
  latest.current = flow;

  // The latest keys for commitKey, which runs after awaits (an event handler's closure may be older).
  const latestSecrets = useRef(secrets);
  latestSecrets.current = secrets;
  /**
   * A typed key goes to the keychain (the wizard's draft) and its secret leaves React state: afterwards
   * the form knows only that it is stored. Runs when the secret field loses focus, when the step is left,
   * and before an action that signs with it.
   */
  const commitKey = useCallback(async (role: KeyRole): Promise<AppErrorData | undefined> => {
    const key = latestSecrets.current[role];
    if (!key || key.stored || !key.accessKeyId.trim() || !key.secretAccessKey) return undefined;
    const credentials = { accessKeyId: key.accessKeyId.trim(), secretAccessKey: key.secretAccessKey };
    const outcome = await call('wizard.saveDraftSecret', { role, credentials });
    if (!outcome.ok) return outcome.error;
    dispatch({ type: 'keyStored', role, key });
    return undefined;
  }, []);

  const go = useCallback((index: number) => {
    void commitKey('setup');
    void commitKey('registry');
    dispatch({ type: 'wentTo', step: index });
  }, [commitKey]);
  /** Next: leaves the step when its gate is open (the keys typed on it go to the keychain); says whether it did. */
  const next = useCallback((): boolean => {
    const { values: v, secrets: s, step } = latest.current;
    const open = Object.keys(stepErrors((steps[step] ?? steps[0]).id, v, s)).length === 0;
    if (open) {
      void commitKey('setup');
      void commitKey('registry');
    }
    dispatch({ type: 'nextRequested' });
    return open;
  }, [commitKey]);
  const startOver = useCallback(async () => {
    if (!(await clear())) return;
    latestSecrets.current = {};
    dispatch({ type: 'startedOver' });
  }, [clear]);

  /** A field to focus once the step it is on shows (a check's fix was followed). */
  const pendingFocus = useRef<string | undefined>(undefined);
  const reachable = firstBlockedStep(values, secrets);
  const errors = stepErrors((steps[current] ?? steps[0]).id, values, secrets);
  const props: StepProps = {
    values,
    secrets,
    update: (patch, field) => dispatch({ type: 'updated', patch, field }),
    updateConfig: (patch, field) => dispatch({ type: 'configEdited', patch, field }),
    setSecrets: (patch, field) => dispatch({ type: 'secretsEdited', patch, field }),
    chooseProvider: (provider) => dispatch({ type: 'providerChosen', provider }),
    recordChecks: (run, config, registryKeyId, only) => dispatch({ type: 'checksRan', run, config, registryKeyId, only }),
    showField: (target) => {
      pendingFocus.current = target.field;
      go(steps.findIndex((s) => s.id === target.step));
    },
    commitKey,
    errors,
    error: (field) => (flow.attempted || flow.touched.includes(field) ? errors[field] : undefined),
  };

  const menuNotice = useMenuCommands(props.updateConfig, () => {
    const index = steps.findIndex((s) => s.id === 'export');
    if (index > firstBlockedStep(latest.current.values, latest.current.secrets)) return false;
    go(index);
    return true;
  });

  return { flow, props, errors, reachable, loaded, problems, menuNotice, pendingFocus, go, next, startOver };
}

/** The app menu (Electron) and its stand-in events (harness): File → Open CA Certificate…, Export…, About. */
function useMenuCommands(updateConfig: StepProps['updateConfig'], openExport: () => boolean) {
  const [notice, setNotice] = useState<{ text?: string; error?: AppErrorData }>({});
  const handlers = useRef({ updateConfig, openExport });
  handlers.current = { updateConfig, openExport };
  useEffect(() => onEvent((event) => {
    if (event.type !== 'menu') return;
    if (event.command === 'open-ca-file') {
      void chooseCaFile().then((chosen) => {
        if (!chosen) return;
        if ('error' in chosen) return setNotice({ error: chosen.error });
        handlers.current.updateConfig({ ca: chosen.pem }, 'ca');
        setNotice({ text: `Root CA certificate loaded from ${chosen.fileName}.` });
      });
    } else if (event.command === 'export') {
      if (!handlers.current.openExport()) setNotice({ text: 'Export opens once the steps before it are complete.' });
    } else {
      void call('app.info', {}).then((outcome) => outcome.ok && setNotice({ text: `${outcome.value.name} ${outcome.value.version}` }));
    }
  }), []);
  return notice;
}
