import { describe, expect, it } from 'vitest';
import { probeIds, type CheckRunResult, type ProbeId, type ProbeResult } from '../../../shared/checks';
import { WIZARD_STATE_SCHEMA_VERSION, wizardValuesSchema } from '../../../shared/profile';
import { firstBlockedStep, steps } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import { parseWizardStateDocument } from '../../../shared/wizard/state-file';

const stored = { accessKeyId: 'AKIDREGISTRY', secretAccessKey: '', stored: true };
const probe = (id: ProbeId, status: ProbeResult['status'] = 'pass', evidence: ProbeResult['evidence'] = {}): ProbeResult => ({ id, title: id, status, durationMs: 12, evidence });
const run = (probes: ProbeResult[]): CheckRunResult => ({ probes, totalMs: 100, leftovers: [] });
const allPass = run(probeIds.map((id) => probe(id)));

/** A wizard filled in up to Validate, as the steps leave it (S3-compatible, key in the keychain). */
const atValidate: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain' } },
  { type: 'configEdited', patch: { regionendpoint: 'https://127.0.0.1:7480', bucket: 'registry-data' } },
  { type: 'updated', patch: { bucketReady: true, registryKeyReady: true } },
  { type: 'secretsEdited', patch: { registry: stored } },
  { type: 'updated', patch: { registryKeyReady: true } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);
const validate = steps.findIndex((s) => s.id === 'validate');
const ran = (flow: WizardFlow, result: CheckRunResult, only?: ProbeId[]) =>
  reduce(flow, { type: 'checksRan', run: result, config: flow.values.config, registryKeyId: 'AKIDREGISTRY', only });

describe('check results are kept until what they ran on changes', () => {
  it('a passing run opens the gate and survives visiting other steps', () => {
    expect(firstBlockedStep(atValidate.values, atValidate.secrets)).toBe(validate);
    let flow = ran(reduce(atValidate, { type: 'wentTo', step: validate }), allPass);
    expect(flow.values.checksPassed).toBe(true);
    flow = reduce(reduce(flow, { type: 'wentTo', step: 1 }), { type: 'wentTo', step: validate });
    expect(flow.values.checks.results.map((r) => r.id)).toEqual([...probeIds]);
    // Setting a field to the value it has is no change.
    flow = reduce(flow, { type: 'configEdited', patch: { bucket: 'registry-data' } });
    expect(flow.values.checksPassed).toBe(true);
  });

  it('a changed config field or registry key drops them and closes the gate; storing the same key does not', () => {
    const passed = ran(atValidate, allPass);
    for (const action of [
      { type: 'configEdited', patch: { ca: 'PEM-B' } },
      { type: 'configEdited', patch: { chunksize: 20 * 1024 * 1024 } },
      { type: 'secretsEdited', patch: { registry: { ...stored, accessKeyId: 'AKIDOTHER' } } },
      { type: 'secretsEdited', patch: { registry: { accessKeyId: 'AKIDREGISTRY', secretAccessKey: 'typed', stored: false } } },
    ] as WizardAction[]) {
      const after = reduce(passed, action);
      expect(after.values.checks.results, action.type).toEqual([]);
      expect(after.values.checksPassed).toBe(false);
      expect(firstBlockedStep(after.values, after.secrets)).toBeLessThanOrEqual(validate);
    }
    const typed = { accessKeyId: 'AKIDREGISTRY', secretAccessKey: 'typed', stored: false };
    const beforeStore = ran(reduce(atValidate, { type: 'secretsEdited', patch: { registry: typed } }), allPass);
    expect(reduce(beforeStore, { type: 'keyStored', role: 'registry', key: typed }).values.checksPassed).toBe(true);
  });

  it('a run that finishes after its config was changed is not kept', () => {
    const config = atValidate.values.config;
    const edited = reduce(atValidate, { type: 'configEdited', patch: { bucket: 'other-bucket' } });
    const late = reduce(edited, { type: 'checksRan', run: allPass, config, registryKeyId: 'AKIDREGISTRY' });
    expect(late.values.checks.results).toEqual([]);
    expect(late.values.checksPassed).toBe(false);
  });
});

describe('re-running one check', () => {
  const credentialsFailed = run(probeIds.map((id) => (id === 'credentials'
    ? { ...probe(id, 'fail'), diagnosis: { code: 'UNKNOWN_ACCESS_KEY', message: 'unknown key', fix: 'use another key' } }
    : ['bucket-region', 'missing-key', 'push', 'list', 'pull'].includes(id) ? probe(id, 'skipped', { blockedBy: 'credentials', ownOutcome: 'x' }) : probe(id))));

  it('a partial run replaces only its probes; once the prerequisite and its dependents pass, nothing is skipped and the gate opens', () => {
    const failed = ran(atValidate, credentialsFailed);
    expect(failed.values.checksPassed).toBe(false);
    const only: ProbeId[] = ['credentials', 'bucket-region', 'missing-key', 'push', 'list', 'pull'];
    const fixed = ran(failed, run(only.map((id) => probe(id))), only);
    expect(fixed.values.checks.results.map((r) => r.status)).toEqual(probeIds.map(() => 'pass'));
    expect(fixed.values.checksPassed).toBe(true);
  });

  it('a run that skips a probe because another failed never opens the gate', () => {
    const onlyCredentials = ran(ran(atValidate, credentialsFailed), run([probe('credentials')]), ['credentials']);
    expect(onlyCredentials.values.checks.results.filter((r) => r.status === 'skipped')).toHaveLength(5);
    expect(onlyCredentials.values.checksPassed).toBe(false);
  });
});

describe('values are kept per provider', () => {
  it('switching to Amazon S3 and back brings the endpoint, CA, bucket state and check results back', () => {
    const passed = ran(atValidate, allPass);
    const aws = reduce(passed, { type: 'providerChosen', provider: 'aws' });
    expect(aws.values.config.regionendpoint).toBe('');
    expect(aws.values.bucketReady).toBe(false);
    expect(aws.values.checksPassed).toBe(false);
    expect(wizardValuesSchema.safeParse(aws.values).error?.issues ?? []).toEqual([]);
    const back = reduce(aws, { type: 'providerChosen', provider: 's3-compatible' });
    expect(back.values.config).toEqual(passed.values.config);
    expect(back.values.bucketReady).toBe(true);
    expect(back.values.checksPassed).toBe(true);
    expect(back.values.checks.results).toHaveLength(probeIds.length);
    expect(firstBlockedStep(back.values, back.secrets)).toBe(firstBlockedStep(passed.values, passed.secrets));
  });

  it('a bucket renamed while the other provider was chosen voids what was done for the old one', () => {
    const aws = reduce(reduce(ran(atValidate, allPass), { type: 'providerChosen', provider: 'aws' }), { type: 'configEdited', patch: { bucket: 'renamed' } });
    const back = reduce(aws, { type: 'providerChosen', provider: 's3-compatible' });
    expect([back.values.bucketReady, back.values.checksPassed, back.values.checks.results.length]).toEqual([false, false, 0]);
  });
});

describe('navigation', () => {
  it('goes to an open step only; Next with errors marks the step attempted and stays', () => {
    expect(reduce(initialFlow, { type: 'wentTo', step: 3 }).step).toBe(0);
    const tried = reduce(initialFlow, { type: 'nextRequested' });
    expect([tried.step, tried.attempted]).toEqual([0, true]);
    expect(reduce(atValidate, { type: 'wentTo', step: validate }).step).toBe(validate);
  });

  it('a restored place beyond the open steps is brought back to the first blocked one', () => {
    const restored = reduce(initialFlow, { type: 'restored', values: atValidate.values, secrets: atValidate.secrets, step: 7 });
    expect(restored.step).toBe(validate);
  });
});

describe('the state file is versioned', () => {
  const v1 = { schemaVersion: 1, step: 'validate', values: { dtrUrl: 'https://dtr.example.com', checksPassed: true, bucketReady: true } };

  it('a version-1 file is upgraded and read', () => {
    const parsed = parseWizardStateDocument(v1);
    expect(parsed).toMatchObject({ state: { schemaVersion: WIZARD_STATE_SCHEMA_VERSION, step: 'validate', values: { checksPassed: true } } });
    // Before the field existed, the file had no version: that is version 1.
    expect(parseWizardStateDocument({ step: 'bucket', values: {} })).toMatchObject({ state: { schemaVersion: WIZARD_STATE_SCHEMA_VERSION } });
  });

  it('a version-2 (or older) file keeps where its setup keys come from: setupSource is read as keySource', () => {
    const v2 = { schemaVersion: 2, step: 'bucket', values: { dtrUrl: 'https://dtr.example.com', setupSource: 'aws-chain', awsProfile: 'sso-admin' } };
    for (const old of [v2, { ...v2, schemaVersion: 1 }, { step: v2.step, values: v2.values }]) {
      const parsed = parseWizardStateDocument(old);
      expect(parsed).toMatchObject({ state: { schemaVersion: WIZARD_STATE_SCHEMA_VERSION, values: { keySource: 'aws-chain', awsProfile: 'sso-admin' } } });
      expect('state' in parsed && 'setupSource' in parsed.state.values).toBe(false);
    }
    // The current version has no setupSource: a file that still carries it is not read wrong.
    expect(parseWizardStateDocument({ ...v2, schemaVersion: WIZARD_STATE_SCHEMA_VERSION })).toEqual({ why: expect.stringMatching(/not a wizard state/) });
  });

  it('a file from a newer version, or one that does not parse, says why (the service moves it aside)', () => {
    expect(parseWizardStateDocument({ ...v1, schemaVersion: 99 })).toEqual({ why: expect.stringMatching(/newer version/) });
    expect(parseWizardStateDocument({ ...v1, values: { secretkey: 'x' } })).toEqual({ why: expect.stringMatching(/not a wizard state/) });
  });

  it('the kept results round-trip through the state schema', () => {
    const values = ran(atValidate, allPass).values;
    const parsed = parseWizardStateDocument({ schemaVersion: WIZARD_STATE_SCHEMA_VERSION, step: 'validate', values });
    expect('state' in parsed && parsed.state.values.checks).toEqual(values.checks);
  });
});
