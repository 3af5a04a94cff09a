import type { Dispatch } from 'react';
import type { WizardAction, WizardFlow } from '../../../shared/wizard/state';
import type { StepProps } from '../../../renderer/src/wizard/step-props';

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
    recordChecks: () => undefined,
    showField: () => undefined,
    commitKey: () => Promise.resolve(undefined),
    ...overrides,
  };
}
