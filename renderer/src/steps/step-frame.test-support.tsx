import { render } from '@testing-library/react';
import { useReducer, type ComponentType, type Dispatch } from 'react';
import type { DtrApi } from '../../../shared/api';
import { reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import type { StepProps } from '../wizard/step-props';

/**
 * A step's props wired to the wizard's reducer as the frame wires them (components under test get the real
 * reducer, not hand-made values). `errors` are shown for every field; `commitKey` answers "stored".
 */
export function stepPropsFor(flow: WizardFlow, dispatch: Dispatch<WizardAction>, overrides: Partial<StepProps> = {}): StepProps {
  const errors = overrides.errors ?? {};
  return {
    values: flow.values, secrets: flow.secrets, errors, error: (field) => errors[field],
    update: (patch) => dispatch({ type: 'updated', patch }),
    updateConfig: (patch, field) => dispatch({ type: 'configEdited', patch, ...(field ? { field } : {}) }),
    setSecrets: (patch) => dispatch({ type: 'secretsEdited', patch }),
    chooseProvider: (provider) => dispatch({ type: 'providerChosen', provider }),
    recordChecks: (run, config, registryKeyId, only) => dispatch({ type: 'checksRan', run, config, registryKeyId, ...(only ? { only } : {}) }),
    showField: () => undefined,
    commitKey: () => Promise.resolve(undefined),
    ...overrides,
  };
}

/** main's answer to one call: `{ ok: true, value }` or `{ ok: false, error }`. A throw fails the test. */
export type Answer = (channel: string, request: unknown) => { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export interface RenderedStep {
  /** The wizard's state as of the last render. */
  seen: { flow: WizardFlow };
  /** Every call the step made, in order. */
  sent: { channel: string; request: unknown }[];
}

/**
 * Render a step in a frame that holds the wizard's reducer, with `window.dtrApi` answering through `answer`
 * (as the preload would, with main behind it). `props` adds or overrides props given the live flow.
 */
export function renderStep(Step: ComponentType<StepProps>, start: WizardFlow, answer: Answer, props: (flow: WizardFlow, dispatch: Dispatch<WizardAction>) => Partial<StepProps> = () => ({})): RenderedStep {
  const rendered: RenderedStep = { seen: { flow: start }, sent: [] };
  window.dtrApi = {
    invoke: (channel: string, request: unknown) => {
      rendered.sent.push({ channel, request });
      return Promise.resolve(answer(channel, request));
    },
    onProgress: () => () => undefined,
    onEvent: () => () => undefined,
  } as unknown as DtrApi;
  function Frame() {
    const [flow, dispatch] = useReducer(reduce, start);
    rendered.seen.flow = flow;
    return <Step {...stepPropsFor(flow, dispatch, props(flow, dispatch))} />;
  }
  render(<Frame />);
  return rendered;
}
