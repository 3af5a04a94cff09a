import { describe, expect, it } from 'vitest';
import {
  MAX_RECHECK_HISTORY,
  PROFILE_SCHEMA_VERSION,
  findSecretFields,
  parseSecretAccountName,
  profileNameSchema,
  profileSchema,
  recheckRunFromResult,
  secretAccountName,
  summarizeProfile,
  WIZARD_STATE_SCHEMA_VERSION,
  wizardStateSchema,
  type RecheckRun,
} from '../../../shared/profile';

const minimal = {
  schemaVersion: PROFILE_SCHEMA_VERSION,
  name: 'prod-eu',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  storage: { provider: 'aws', region: 'eu-central-1', bucket: 'dtr-prod' },
};

const run = (status: RecheckRun['status'], startedAt = '2026-11-23T11:00:00.000Z'): RecheckRun => ({
  startedAt,
  durationMs: 812,
  status,
  probes: [{ id: 'dns', status: 'pass', durationMs: 3 }, { id: 'credentials', status, durationMs: 120, code: 'SignatureDoesNotMatch' }],
});

describe('profile names', () => {
  it.each([
    ['prod', true],
    ['prod-eu.1_b', true],
    ['0lab', true],
    ['a'.repeat(64), true],
    ['', false],
    ['a'.repeat(65), false],
    ['Prod', false], // case-insensitive file systems would merge Prod and prod
    ['-prod', false],
    ['.hidden', false],
    ['../etc', false],
    ['a/b', false],
    ['a b', false],
    ['@wizard-draft', false], // reserved for the wizard's draft secrets
    ['prød', false],
  ])('%j valid: %s', (name, valid) => {
    expect(profileNameSchema.safeParse(name).success).toBe(valid);
  });
});

describe('keychain account names', () => {
  it('name one owner and role and parse back', () => {
    expect(secretAccountName('prod.eu', 'registry')).toBe('prod.eu/registry');
    expect(parseSecretAccountName('prod.eu/registry')).toEqual({ owner: 'prod.eu', role: 'registry' });
    expect(parseSecretAccountName('@wizard-draft/setup')).toEqual({ owner: '@wizard-draft', role: 'setup' });
  });
  it.each(['prod', '/setup', 'prod/other', '@lock-check', ''])('ignore %j (not ours)', (account) => {
    expect(parseSecretAccountName(account)).toBeUndefined();
  });
});

describe('profile schema', () => {
  it('fills the defaults of a minimal profile', () => {
    const profile = profileSchema.parse(minimal);
    expect(profile.storage.secure).toBe(true);
    expect(profile.clientTrust).toEqual({ dtrHost: '', mode: 'ca', dtrCaPem: '' });
    expect(profile.recheckHistory).toEqual([]);
    expect(profile.secretRefs).toEqual({});
  });

  it.each([
    ['an unknown top-level field', { ...minimal, accessKey: 'x' }],
    ['a wrong version', { ...minimal, schemaVersion: 99 }],
    ['a bad trust mode', { ...minimal, clientTrust: { mode: 'trust-everything' } }],
    ['a bad time', { ...minimal, createdAt: 'yesterday' }],
    ['a secret inside the refs', { ...minimal, secretRefs: { registry: 'prod/registry', secretAccessKey: 'x' } }],
    ['a non-JSON journal value', { ...minimal, provisioningJournal: { steps: [() => 1] } }],
    ['a bad probe status', { ...minimal, recheckHistory: [{ ...run('pass'), status: 'green' }] }],
    ['too much history', { ...minimal, recheckHistory: Array.from({ length: MAX_RECHECK_HISTORY + 1 }, () => run('pass')) }],
  ])('rejects %s', (_what, document) => {
    expect(profileSchema.safeParse(document).success).toBe(false);
  });

  it('keeps the journal as validated JSON and summarises the last run', () => {
    const journal = { version: 1, steps: [{ id: 'bucket.create', done: true, at: '2026-11-23T10:01:00Z' }] };
    const profile = profileSchema.parse({
      ...minimal,
      provisioningJournal: journal,
      recheckHistory: [run('pass', '2026-11-23T09:00:00.000Z'), run('fail')],
      secretRefs: { registry: 'prod-eu/registry' },
    });
    expect(profile.provisioningJournal).toEqual(journal);
    expect(summarizeProfile(profile)).toMatchObject({
      name: 'prod-eu',
      bucket: 'dtr-prod',
      lastRecheck: { startedAt: '2026-11-23T11:00:00.000Z', status: 'fail' },
      hasSecrets: { setup: false, registry: true },
    });
  });
});

describe('findSecretFields', () => {
  it.each([
    [{ storage: { accesskey: 'AKIA', secretkey: 's' } }, ['storage.secretkey']],
    // key ids are identifiers: the provisioning journal keeps them to roll back its own keys
    [{ steps: { 'access-key': { accessKeyId: 'AKIA' } }, createdKeyIds: ['AKIA'] }, []],
    [{ creds: [{ secretAccessKey: 's' }] }, ['creds[0].secretAccessKey']],
    [{ a: { b: { 'Session-Token': 't' } } }, ['a.b.Session-Token']],
    [{ AWS_SECRET_ACCESS_KEY: 's' }, ['AWS_SECRET_ACCESS_KEY']],
    [{ password: 'p' }, ['password']],
    // empty fields carry nothing: the render of a keyless config may hold `accesskey: ''`
    [{ storage: { accesskey: '', secretkey: null } }, []],
    [{ storage: { bucket: 'secretkey', keyid: 'arn:aws:kms:...' } }, []],
    ['secretkey', []],
  ])('%j → %j', (value, paths) => {
    expect(findSecretFields(value)).toEqual(paths);
  });
});

describe('wizard state schema', () => {
  it('accepts a step with the wizard\'s own values and defaults the version', () => {
    const state = wizardStateSchema.parse({ step: 'bucket', values: { dtrUrl: 'https://dtr.lab', scopeToRoot: true } });
    expect(state.schemaVersion).toBe(WIZARD_STATE_SCHEMA_VERSION);
  });
  // Issue 14: the filter was a denylist, so a secret under any other name was written to disk.
  it.each(['registrySecretAccessKey', 'setupKey', 'bucket', 'advanced'])('refuses a value it does not name: %s', (field) => {
    expect(wizardStateSchema.safeParse({ step: 'iam', values: { [field]: 'x' } }).success).toBe(false);
  });
  it('refuses a config field the storage model does not name', () => {
    const config = { provider: 'aws', region: 'us-east-1', bucket: 'b', secretkey2: 'x' };
    expect(wizardStateSchema.safeParse({ step: 'iam', values: { config } }).success).toBe(false);
  });
  it.each([
    { step: '', values: {} },
    { step: 'bucket', values: { f: undefined } },
    { step: 'bucket', values: {}, profileName: 'Bad Name' },
    { step: 'bucket', values: {}, extra: true },
  ])('rejects %j', (state) => {
    expect(wizardStateSchema.safeParse(state).success).toBe(false);
  });
});

describe('recheckRunFromResult', () => {
  const probe = (id: 'dns' | 'credentials', status: 'pass' | 'warn' | 'fail' | 'skipped') => ({
    id, title: id, status, durationMs: 5, evidence: {},
    ...(status === 'fail' ? { diagnosis: { code: 'SIGNATURE_MISMATCH' as const, message: 'm', fix: 'f' } } : {}),
  });
  const at = new Date('2026-11-23T12:00:00.000Z');

  it.each([
    [[probe('dns', 'pass'), probe('credentials', 'pass')], [], 'pass'],
    [[probe('dns', 'warn'), probe('credentials', 'pass')], [], 'warn'],
    [[probe('dns', 'pass'), probe('credentials', 'fail')], [], 'fail'],
    [[probe('dns', 'pass'), probe('credentials', 'skipped')], [], 'pass'],
    // left-over probe objects fail the run even when every probe passed
    [[probe('dns', 'pass')], ['probe/obj'], 'fail'],
  ] as const)('%j with leftovers %j → %s', (probes, leftovers, status) => {
    const entry = recheckRunFromResult({ probes: [...probes], totalMs: 321, leftovers: [...leftovers] }, at);
    expect(entry.status).toBe(status);
    expect(entry.startedAt).toBe('2026-11-23T12:00:00.000Z');
    expect(entry.durationMs).toBe(321);
    expect(profileSchema.shape.recheckHistory.parse([entry])).toEqual([entry]);
  });

  it('keeps the diagnosis code of a failed probe', () => {
    const entry = recheckRunFromResult({ probes: [probe('credentials', 'fail')], totalMs: 9, leftovers: [] }, at);
    expect(entry.probes).toEqual([{ id: 'credentials', status: 'fail', durationMs: 5, code: 'SIGNATURE_MISMATCH' }]);
  });
});
