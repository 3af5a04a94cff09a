import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import BucketStep from '../steps/BucketStep';
import DoneStep from '../steps/DoneStep';
import ExportStep from '../steps/ExportStep';
import IamStep from '../steps/IamStep';
import TargetStep from '../steps/TargetStep';
import TrustStep from '../steps/TrustStep';
import ValidateStep from '../steps/ValidateStep';
import { steps } from './model';
import { useWizard } from './use-wizard';
import { focusFieldWhenShown } from './field-focus';
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

/** The wizard's frame: the sidebar, the current step's view, Back and Next. State and I/O are in useWizard. */
export function Wizard() {
  const { flow, props, errors, reachable, loaded, problems, menuNotice, pendingFocus, go, next, startOver } = useWizard();
  const current = flow.step;
  const step = steps[current] ?? steps[0];
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // A step opens at its top, with focus on its heading (screen readers announce where they are), or on
  // the field a check's fix is about.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    const field = pendingFocus.current;
    pendingFocus.current = undefined;
    if (field && form.current) focusFieldWhenShown(form.current, field);
  }, [current, pendingFocus]);

  // A refused Next focuses the first invalid field, so a keyboard or screen-reader user lands on the message.
  // In the commit that shows the messages (a layout effect), never later: a frame callback could fire a second
  // after, when the user is typing in a field, and move the rest of the typing into whichever field was
  // invalid then (a CI run: "TES" in the key ID field, the rest in the secret field).
  const [refusals, setRefusals] = useState(0);
  useLayoutEffect(() => {
    if (refusals > 0) document.querySelector<HTMLElement>('main [aria-invalid="true"], main .gate-error')?.focus();
  }, [refusals]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!next()) setRefusals((n) => n + 1);
  };
  const View = views[step.id];
  const gateError = flow.attempted ? (errors.bucketAction ?? errors.registryKey ?? errors.checks ?? errors.exportAction) : undefined;

  return (
    <div className="wizard">
      <nav className="sidebar" aria-label="Wizard steps">
        <ol>
          {steps.map((s, index) => {
            const state = index < current ? 'done' : index === current ? 'current' : index <= reachable ? 'open' : 'locked';
            const locked = index > reachable;
            return (
              <li key={s.id} className={state}>
                {/* A locked step stays in the list (and is announced as unavailable) but is no tab stop. */}
                <button
                  type="button"
                  aria-current={index === current ? 'step' : undefined}
                  aria-disabled={locked || undefined}
                  tabIndex={locked ? -1 : undefined}
                  onClick={() => !locked && go(index)}
                >
                  <span className="step-no" aria-hidden="true">{index < current ? '✓' : index + 1}</span> {s.title}
                  <span className="visually-hidden">{state === 'done' ? ' (done)' : state === 'locked' ? ' (not yet available)' : ''}</span>
                </button>
              </li>
            );
          })}
        </ol>
        {current < steps.length - 1 ? <p className="new-setup"><StartNewSetup onStart={startOver} profileName={props.values.profileName} /></p> : null}
      </nav>
      <form ref={form} className="step" onSubmit={submit} noValidate aria-labelledby="step-title">
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
          {current < steps.length - 1 ? <button type="submit">Next</button> : (
            <StartNewSetup onStart={startOver} profileName={props.values.profileName} />
          )}
        </div>
      </form>
    </div>
  );
}
