import type { CheckRunResult, ProbeId } from '../checks';
import type { StorageConfig } from '../storage-config';
import { checksPassed, mergeCheckRun } from './check-results';
import { firstBlockedStep, stepErrors, steps } from './gates';
import { initialValues, noChecks, type KeptChecks, type KeyEntry, type KeyRole, type ParkedProvider, type WizardSecrets, type WizardValues } from './values';

/**
 * The wizard as a pure reducer: every change to its values, keys, place and check results is an action,
 * and the rules that follow from a change (what a new bucket or key voids, which results still hold,
 * which steps open) are applied here once. The React container only dispatches and does the I/O.
 */
export interface WizardFlow {
  values: WizardValues;
  secrets: WizardSecrets;
  /** Index into `steps`. */
  step: number;
  /** Fields the user edited on this step: their errors show before Next is tried. */
  touched: readonly string[];
  /** Next was tried on this step: every error shows. */
  attempted: boolean;
}

export type WizardAction =
  | { type: 'restored'; values: Partial<WizardValues>; secrets: WizardSecrets; step: number }
  | { type: 'updated'; patch: Partial<WizardValues>; field?: string }
  | { type: 'configEdited'; patch: Partial<StorageConfig>; field?: string }
  | { type: 'secretsEdited'; patch: Partial<WizardSecrets>; field?: string }
  /** The keychain took `key` (the entry as it was sent): the form keeps only that it is stored. */
  | { type: 'keyStored'; role: KeyRole; key: KeyEntry }
  | { type: 'providerChosen'; provider: StorageConfig['provider'] }
  /** A check run finished; `config` and `registryKeyId` are what it ran with. */
  | { type: 'checksRan'; config: StorageConfig; registryKeyId: string; run: CheckRunResult; only?: readonly ProbeId[] }
  | { type: 'wentTo'; step: number }
  | { type: 'nextRequested' }
  | { type: 'startedOver' };

export const initialFlow: WizardFlow = { values: initialValues, secrets: {}, step: 0, touched: [], attempted: false };

/** JSON with sorted keys: two equal configs give one text whatever order their keys were spread in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** What check results hold for: the config and the registry key they signed with (FNV-1a; a change detector, not security). */
export function checkInputsFingerprint(config: StorageConfig, registryKeyId: string): string {
  const text = stableJson({ config, registryKeyId });
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length.toString(36)}-${hash.toString(16).padStart(8, '0')}`;
}

const registryKeyId = (secrets: WizardSecrets) => secrets.registry?.accessKeyId.trim() ?? '';
const touch = (flow: WizardFlow, field?: string): readonly string[] =>
  field && !flow.touched.includes(field) ? [...flow.touched, field] : flow.touched;
const voidsBucket: readonly (keyof StorageConfig)[] = ['bucket', 'region', 'regionendpoint', 'provider'];

/**
 * The rules that follow from a change, applied after every action: results of checks that ran on another
 * config or key are dropped (and the gate closes); a new bucket, region or endpoint voids the bucket's
 * readiness. A value the action set itself wins (continuing a profile brings its bucket ready).
 */
function settle(before: WizardFlow, after: WizardFlow, explicit: Partial<WizardValues> = {}): WizardFlow {
  let values = after.values;
  if (voidsBucket.some((k) => before.values.config[k] !== values.config[k]) && !('bucketReady' in explicit)) values = { ...values, bucketReady: false };
  const fingerprint = checkInputsFingerprint(values.config, registryKeyId(after.secrets));
  const inputsChanged = fingerprint !== checkInputsFingerprint(before.values.config, registryKeyId(before.secrets));
  if (values.checks.results.length && values.checks.ranOn !== fingerprint) values = { ...values, checks: noChecks, checksPassed: false };
  else if (values.checks !== before.values.checks) values = { ...values, checksPassed: checksPassed(values.checks) };
  // A pass with no results behind it (a state saved before results were kept) holds only for its own inputs.
  else if (inputsChanged && !('checksPassed' in explicit)) values = { ...values, checksPassed: false };
  return values === after.values ? after : { ...after, values };
}

/** Park this provider's endpoint fields, results included, and bring back the other's. */
function chooseProvider(v: WizardValues, provider: StorageConfig['provider']): WizardValues {
  const { config } = v;
  if (provider === config.provider) return v;
  const { regionendpoint, forcepathstyle, secure, ca, region, keyless } = config;
  const parked: ParkedProvider = {
    config: { regionendpoint, forcepathstyle, secure, ca, region, keyless }, bucket: config.bucket, bucketReady: v.bucketReady, checksPassed: v.checksPassed, checks: v.checks,
  };
  const back = v.parkedConfig[provider] ?? {
    config: provider === 'aws' ? { regionendpoint: '', forcepathstyle: false, keyless: false } : { forcepathstyle: true, keyless: false }, bucket: '', bucketReady: false, checksPassed: false,
  };
  const sameBucket = back.bucket === config.bucket;
  return {
    ...v,
    parkedConfig: { ...v.parkedConfig, [config.provider]: parked },
    config: { ...config, ...back.config, provider },
    bucketReady: back.bucketReady && sameBucket,
    checksPassed: back.checksPassed && sameBucket,
    checks: back.checks ?? noChecks,
  };
}

function leaveStep(flow: WizardFlow, step: number): WizardFlow {
  return { ...flow, step, touched: [], attempted: false };
}

export function reduce(flow: WizardFlow, action: WizardAction): WizardFlow {
  switch (action.type) {
    case 'restored': {
      const values: WizardValues = {
        ...initialValues, ...action.values,
        config: { ...initialValues.config, ...action.values.config },
        checks: action.values.checks ?? noChecks,
      };
      const restored = { ...initialFlow, values, secrets: action.secrets };
      // A saved place beyond what the gates open (an older file, a key gone from the keychain) is not reachable.
      const step = Math.max(0, Math.min(action.step, firstBlockedStep(values, action.secrets)));
      return settle(restored, { ...restored, step }, values);
    }
    case 'updated':
      return settle(flow, { ...flow, values: { ...flow.values, ...action.patch }, touched: touch(flow, action.field) }, action.patch);
    case 'configEdited':
      return settle(flow, { ...flow, values: { ...flow.values, config: { ...flow.values.config, ...action.patch } }, touched: touch(flow, action.field) });
    case 'secretsEdited': {
      const next = { ...flow, secrets: { ...flow.secrets, ...action.patch }, touched: touch(flow, action.field) };
      // Another registry key (or secret) proves nothing the old one did.
      if ('registry' in action.patch) next.values = { ...flow.values, registryKeyReady: false, checksPassed: false, checks: noChecks };
      return settle(flow, next);
    }
    case 'keyStored': {
      const { role, key } = action;
      // Only if the user did not change the key meanwhile (then the newer one is committed in its turn).
      if (flow.secrets[role] !== key) return flow;
      const stored: KeyEntry = { accessKeyId: key.accessKeyId.trim(), secretAccessKey: '', stored: true };
      const values = role === 'registry' ? { ...flow.values, registryKeyReady: true } : flow.values;
      return settle(flow, { ...flow, secrets: { ...flow.secrets, [role]: stored }, values });
    }
    case 'providerChosen': {
      const values = chooseProvider(flow.values, action.provider);
      return settle(flow, { ...flow, values, touched: touch(flow, 'provider') }, { bucketReady: values.bucketReady, checksPassed: values.checksPassed });
    }
    case 'checksRan': {
      const ranOn = checkInputsFingerprint(action.config, action.registryKeyId);
      const kept = flow.values.checks.ranOn === ranOn ? flow.values.checks : noChecks;
      const checks: KeptChecks = { ...mergeCheckRun(kept, action.run, action.only), ranOn };
      // settle drops them again when the config or key changed while they ran.
      return settle(flow, { ...flow, values: { ...flow.values, checks } });
    }
    case 'wentTo':
      return action.step >= 0 && action.step <= firstBlockedStep(flow.values, flow.secrets) ? leaveStep(flow, action.step) : flow;
    case 'nextRequested': {
      const id = steps[flow.step]?.id ?? 'target';
      if (Object.keys(stepErrors(id, flow.values, flow.secrets)).length) return { ...flow, attempted: true };
      return flow.step < steps.length - 1 ? leaveStep(flow, flow.step + 1) : flow;
    }
    case 'startedOver':
      return initialFlow;
  }
}
