import { lazy, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import BucketStep from '../steps/BucketStep';
import DoneStep from '../steps/DoneStep';
import ExportStep from '../steps/ExportStep';
import IamStep from '../steps/IamStep';
import TargetStep from '../steps/TargetStep';
import TrustStep from '../steps/TrustStep';
import { chooseCaFile } from '../steps/CaFileButton';
import ValidateStep from '../steps/ValidateStep';
import type { StorageConfig } from '../../../shared/storage-config';
import { firstBlockedStep, initialValues, stepErrors, steps, type KeyRole, type WizardSecrets, type WizardValues } from './model';
import type { StepProps } from './step-props';
import { usePersistence } from './persistence';
import { ErrorBox } from '../ui';
import { StartNewSetup } from '../profiles/StartNewSetup';

// The steps are small and load with the frame, so Next never waits for a chunk (nor for React's Suspense
// reveal throttle of about 300 ms). The storage form is the exception: its YAML renderer is the heaviest
// code in the renderer, so it loads on first use.
const views = {
  target: TargetStep,
  bucket: BucketStep,
  iam: IamStep,
  storage: lazy(() => import('../steps/StorageStep')),
  validate: ValidateStep,
  trust: TrustStep,
  export: ExportStep,
  done: DoneStep,
};

export function Wizard() {
  const [values, setValues] = useState<WizardValues>(initialValues);
  const [secrets, setSecretsState] = useState<WizardSecrets>({});
  const [current, setCurrent] = useState(0);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { loaded, problems, clear } = usePersistence(values, current, (state) => {
    setValues({ ...initialValues, ...state.values, config: { ...initialValues.config, ...state.values.config } });
    setSecretsState(state.secrets);
    setCurrent(state.step);
  });

  const step = steps[current] ?? steps[0];
  const errors = stepErrors(step.id, values, secrets);
  const reachable = firstBlockedStep(values, secrets);
  const touch = (field?: string) => {
    if (field) setTouched((set) => (set.has(field) ? set : new Set(set).add(field)));
  };
  const update = useCallback((patch: Partial<WizardValues>, field?: string) => {
    setValues((v) => ({ ...v, ...patch }));
    touch(field);
  }, []);
  const updateConfig = useCallback((patch: Partial<StorageConfig>, field?: string) => {
    // A changed bucket or endpoint voids what was created and checked for the old one.
    const voids = ['bucket', 'region', 'regionendpoint', 'provider'].some((k) => k in patch);
    setValues((v) => ({ ...v, config: { ...v.config, ...patch }, checksPassed: false, ...(voids ? { bucketReady: false } : {}) }));
    touch(field);
  }, []);
  const setSecrets = useCallback((patch: Partial<WizardSecrets>, field?: string) => {
    setSecretsState((s) => ({ ...s, ...patch }));
    if ('registry' in patch) setValues((v) => ({ ...v, registryKeyReady: false, checksPassed: false }));
    touch(field);
  }, []);
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
    const accessKeyId = key.accessKeyId.trim();
    const outcome = await call('wizard.saveDraftSecret', { role, credentials: { accessKeyId, secretAccessKey: key.secretAccessKey } });
    if (!outcome.ok) return outcome.error;
    // Only if the user did not change the key meanwhile (then the newer one is committed in its turn).
    if (latestSecrets.current[role] !== key) return undefined;
    setSecretsState((s) => (s[role] === key ? { ...s, [role]: { accessKeyId, secretAccessKey: '', stored: true } } : s));
    if (role === 'registry') setValues((v) => ({ ...v, registryKeyReady: true }));
    return undefined;
  }, []);

  const go = (index: number) => {
    void commitKey('setup');
    void commitKey('registry');
    setCurrent(index);
    setAttempted(false);
    setTouched(new Set());
  };
  useEffect(() => heading.current?.focus(), [current]);

  // The app menu (Electron) and its stand-in events (harness): File → Open CA Certificate…, Export…, About.
  const [menuNotice, setMenuNotice] = useState<{ text?: string; error?: AppErrorData }>({});
  const menuState = useRef({ reachable, go });
  menuState.current = { reachable, go };
  useEffect(() => window.dtrApi.onEvent((event) => {
    if (event.type !== 'menu') return;
    if (event.command === 'open-ca-file') {
      void chooseCaFile().then((chosen) => {
        if (!chosen) return;
        if ('error' in chosen) return setMenuNotice({ error: chosen.error });
        updateConfig({ ca: chosen.pem }, 'ca');
        setMenuNotice({ text: `Root CA certificate loaded from ${chosen.fileName}.` });
      });
    } else if (event.command === 'export') {
      const index = steps.findIndex((s) => s.id === 'export');
      if (index <= menuState.current.reachable) menuState.current.go(index);
      else setMenuNotice({ text: 'Export opens once the steps before it are complete.' });
    } else {
      void call('app.info', {}).then((outcome) => outcome.ok && setMenuNotice({ text: `${outcome.value.name} ${outcome.value.version}` }));
    }
  }), [updateConfig]);

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(errors).length) {
      setAttempted(true);
      // Focus the first invalid field so a keyboard or screen-reader user lands on the message.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"], main .gate-error')?.focus());
      return;
    }
    if (current < steps.length - 1) go(current + 1);
  };

  /** After the user confirmed: the draft (state file and draft keys) goes; saved profiles stay. */
  const startOver = async () => {
    if (!(await clear())) return;
    setValues(initialValues);
    setSecretsState({});
    latestSecrets.current = {};
    go(0);
  };

  const props: StepProps = {
    values,
    secrets,
    update,
    updateConfig,
    setSecrets,
    commitKey,
    errors,
    error: (field) => (attempted || touched.has(field) ? errors[field] : undefined),
  };
  const View = views[step.id];
  const gateError = attempted ? (errors.bucketAction ?? errors.registryKey ?? errors.checks ?? errors.exportAction) : undefined;

  return (
    <div className="wizard">
      <nav className="sidebar" aria-label="Wizard steps">
        <ol>
          {steps.map((s, index) => {
            const state = index < current ? 'done' : index === current ? 'current' : index <= reachable ? 'open' : 'locked';
            return (
              <li key={s.id} className={state}>
                <button
                  type="button"
                  aria-current={index === current ? 'step' : undefined}
                  aria-disabled={index > reachable || undefined}
                  onClick={() => index <= reachable && go(index)}
                >
                  <span className="step-no" aria-hidden="true">{index < current ? '✓' : index + 1}</span> {s.title}
                  <span className="visually-hidden">{state === 'done' ? ' (done)' : state === 'locked' ? ' (not yet available)' : ''}</span>
                </button>
              </li>
            );
          })}
        </ol>
        {current < steps.length - 1 ? <p className="new-setup"><StartNewSetup onStart={startOver} profileName={values.profileName} /></p> : null}
      </nav>
      <form className="step" onSubmit={next} noValidate aria-labelledby="step-title">
        <h1 id="step-title" ref={heading} tabIndex={-1}>{step.title}</h1>
        <p className="muted step-count">Step {current + 1} of {steps.length}</p>
        <p role="status" className="muted">{menuNotice.text ?? ''}</p>
        {menuNotice.error ? <ErrorBox title="The CA file could not be opened" error={menuNotice.error} /> : null}
        {problems.map((p) => (
          <p key={p.code} className="callout warn">{p.message} {p.fix}</p>
        ))}
        {loaded ? (
          <Suspense fallback={<p aria-busy="true">Loading…</p>}>
            <View {...props} />
          </Suspense>
        ) : <p aria-busy="true">Loading your saved progress…</p>}
        {gateError ? <p className="error-text gate-error" role="alert" tabIndex={-1}>{gateError}</p> : null}
        <div className="nav-buttons">
          <button type="button" className="secondary" disabled={current === 0} onClick={() => go(current - 1)}>Back</button>
          {current < steps.length - 1 ? <button type="submit">Next</button> : <StartNewSetup onStart={startOver} profileName={values.profileName} />}
        </div>
      </form>
    </div>
  );
}
