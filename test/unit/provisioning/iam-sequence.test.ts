import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFileJournalStore } from '../../../electron/services/provisioning/journal';
import { provisionIamUser, provisionStorage, type ProvisionOptions } from '../../../electron/services/provisioning/provision';
import { verifyUserPermissions } from '../../../electron/services/provisioning/verify';
import { registryPermissionProbes } from '../../../shared/iam-policy';
import { AppError } from '../../../shared/app-error';
import { createIamMock, createMemoryKeySink } from './iam-mock';
import { awsConfig, readText, stepContext, tempDir, TEST_INSTALLATION } from './helpers';

const temp = tempDir('iam-seq-');
afterAll(temp.cleanup);
let n = 0;
function setup(mockOptions: Parameters<typeof createIamMock>[0] = {}, overrides: Partial<ProvisionOptions> = {}) {
  const iam = createIamMock(mockOptions);
  const sink = createMemoryKeySink();
  const path = join(temp.dir, `journal-${++n}.json`);
  const store = new JsonFileJournalStore(path);
  const options: ProvisionOptions = { config: awsConfig({ rootdirectory: '/registry' }), owner: 'prod', ...overrides };
  const run = async () => {
    const { context, events } = await stepContext(store, options);
    const result = await provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: iam.whoAmI }, context);
    return { result, events };
  };
  return { iam, sink, path, store, options, run };
}

describe('IAM sequence (aws-sdk-client-mock)', () => {
  it('happy path: creates the user with path and tags, the policy, one key into the sink, and verifies', async () => {
    const { iam, sink, path, run } = setup();
    const { result, events } = await run();
    expect(result.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'iam-user:created',
      'iam-policy:created',
      'access-key:created',
      'verify:verified',
    ]);
    const user = iam.users.get('dtr-storage');
    expect(user?.path).toBe('/dtr-s3-assistant/');
    expect(user?.tags).toMatchObject({ 'managed-by': 'dtr-s3-assistant', 'dtr-bucket': 'dtr-images-unit' });
    expect(user?.keys).toHaveLength(1);
    const policy = JSON.parse(user?.policies.get('dtr-storage-dtr-images-unit') ?? '{}');
    expect(JSON.stringify(policy)).toContain('arn:aws:s3:::dtr-images-unit/registry/*');
    // the secret went to the sink and nowhere else: not into the journal, not into any event
    const stored = sink.entries.get('prod');
    expect(stored?.accessKeyId).toBe(user?.keys[0]?.id);
    expect(stored?.secretAccessKey).toBe(user?.keys[0]?.secret);
    expect(readText(path)).not.toContain(stored?.secretAccessKey ?? '!');
    expect(JSON.stringify(events)).not.toContain(stored?.secretAccessKey ?? '!');
    expect(events.filter((e) => e.status === 'running').map((e) => e.step)).toEqual(['iam-user', 'iam-policy', 'access-key', 'verify']);
  });

  it('a second run changes nothing and creates no key', async () => {
    const { iam, run } = setup();
    await run();
    const before = iam.mutations().length;
    const { result } = await run();
    expect(result.steps.map((s) => s.outcome)).toEqual(['adopted', 'unchanged', 'unchanged', 'verified']);
    expect(iam.mutations().slice(before)).toEqual([]);
  });

  it('a stored key STS cannot confirm (the endpoint has no STS) is kept, and the report names why it was not confirmed', async () => {
    const { iam, sink, path, store, options } = setup();
    const first = await (async () => {
      const { context } = await stepContext(store, options);
      return provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: iam.whoAmI }, context);
    })();
    expect(first.steps[2]?.outcome).toBe('created');
    const noSts = () => Promise.reject(Object.assign(new Error('secret-looking text that must not be shown'), { name: 'NotImplemented' }));
    const { context } = await stepContext(store, options);
    const again = await provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: noSts }, context);
    expect(again.steps[2]).toMatchObject({ step: 'access-key', outcome: 'unchanged' });
    expect(again.steps[2]?.message).toContain('STS GetCallerIdentity could not confirm it signs in: NotImplemented');
    expect(JSON.stringify(again.steps)).not.toContain('secret-looking');
    expect(readText(path)).not.toContain('secret-looking');
  });

  it('adopts an existing user, updates a differing policy, keeps a working stored key', async () => {
    const { iam, sink, run, path } = setup();
    iam.addUser('dtr-storage', '/', { team: 'x' });
    iam.users.get('dtr-storage')?.policies.set('dtr-storage-dtr-images-unit', JSON.stringify({ Version: '2012-10-17', Statement: [] }));
    const key = iam.addKey('dtr-storage');
    await sink.saveRegistryKey('prod', { accessKeyId: key.id, secretAccessKey: key.secret });
    const { result } = await run();
    expect(result.steps.map((s) => s.outcome)).toEqual(['adopted', 'updated', 'unchanged', 'verified']);
    expect(iam.mutations()).toEqual(['PutUserPolicy']);
    const journal = JSON.parse(readText(path));
    expect(journal.steps['iam-user'].createdByUs).toBe(false);
    expect(journal.steps['iam-policy'].createdByUs).toBe(false);
    expect(journal.createdKeyIds).toEqual([]);
  });

  it('treats a policy that differs only in key order or string-vs-array as unchanged', async () => {
    const { iam, run } = setup();
    await run();
    const user = iam.users.get('dtr-storage');
    const name = 'dtr-storage-dtr-images-unit';
    const doc = JSON.parse(user?.policies.get(name) ?? '{}');
    doc.Statement = doc.Statement.map((s: Record<string, unknown>) => ({ Resource: s.Resource, Action: s.Action, ...s }));
    doc.Statement[0].Action = doc.Statement[0].Action[0];
    user?.policies.set(name, JSON.stringify(doc));
    const before = iam.mutations().length;
    await run();
    expect(iam.mutations().slice(before)).toEqual([]);
  });

  it('replaces a stored key that no longer works (deleted in IAM) with a new one', async () => {
    const { iam, sink, run } = setup();
    await run();
    const user = iam.users.get('dtr-storage');
    if (user) user.keys = [];
    const { result } = await run();
    expect(result.steps[2]?.outcome).toBe('created');
    expect(sink.entries.get('prod')?.accessKeyId).toBe(iam.users.get('dtr-storage')?.keys[0]?.id);
  });

  describe('the two-key limit', () => {
    function twoForeignKeys(statuses: Array<'Active' | 'Inactive'>, overrides: Partial<ProvisionOptions> = {}) {
      const s = setup({}, overrides);
      s.iam.addUser('dtr-storage', '/dtr-s3-assistant/');
      const keys = statuses.map((status, i) => s.iam.addKey('dtr-storage', status, new Date(Date.UTC(2024, 0, i + 1))));
      return { ...s, keys };
    }

    it('fails clearly by default, naming both keys and the choices', async () => {
      const { iam, run, keys } = twoForeignKeys(['Active', 'Inactive']);
      const error = await run().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('IAM_KEY_LIMIT');
      expect((error as AppError).message).toContain(keys[0]?.id);
      expect((error as AppError).message).toContain(keys[1]?.id);
      expect((error as AppError).fix).toMatch(/delete-oldest-inactive/);
      expect(iam.mutations().filter((m) => m.includes('AccessKey'))).toEqual([]);
    });

    it('deletes the oldest inactive key when asked, and records it as a pre-existing key it deleted', async () => {
      // the older key is active: it must survive; the newer, inactive one goes
      const { iam, run, keys, path } = twoForeignKeys(['Active', 'Inactive'], { onKeyLimit: 'delete-oldest-inactive' });
      await run();
      const ids = iam.users.get('dtr-storage')?.keys.map((k) => k.id) ?? [];
      expect(ids).toContain(keys[0]?.id);
      expect(ids).not.toContain(keys[1]?.id);
      expect(ids).toHaveLength(2);
      expect(JSON.parse(readText(path)).deletedKeyIds).toEqual([keys[1]?.id]);
    });

    it('refuses delete-oldest-inactive when both keys are active', async () => {
      const { run } = twoForeignKeys(['Active', 'Active'], { onKeyLimit: 'delete-oldest-inactive' });
      await expect(run()).rejects.toMatchObject({ code: 'IAM_KEY_LIMIT', fix: expect.stringMatching(/None of them is inactive/) });
    });

    it('deletes the oldest active key only with delete-oldest', async () => {
      const { iam, run, keys } = twoForeignKeys(['Active', 'Active'], { onKeyLimit: 'delete-oldest' });
      await run();
      const ids = iam.users.get('dtr-storage')?.keys.map((k) => k.id) ?? [];
      expect(ids).toEqual([keys[1]?.id, expect.stringMatching(/^AKIAMOCK/)]);
    });
  });

  it('SSE-KMS turned on by provisioning: the policy grants the key, and verification checks it', async () => {
    const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { iam, run } = setup({}, { kmsKeyId: keyArn });
    const { result } = await run();
    const policy = JSON.parse(iam.users.get('dtr-storage')?.policies.get('dtr-storage-dtr-images-unit') ?? '{}') as { Statement: Array<{ Action: string[]; Resource: string[] }> };
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [keyArn] }));
    expect(result.steps[3]?.outcome).toBe('verified');
    // the same grant when the driver itself encrypts with that key
    const driver = setup({}, { config: awsConfig({ encrypt: true, keyid: keyArn }) });
    await driver.run();
    expect(driver.iam.users.get('dtr-storage')?.policies.get('dtr-storage-dtr-images-unit')).toContain('kms:GenerateDataKey');
  });

  describe('verification', () => {
    it('uses the partition of the user ARN (aws-cn) for the policy and the simulation', async () => {
      const { iam, run } = setup({ partition: 'aws-cn' }, { config: awsConfig({ region: 'cn-north-1' }) });
      const { result } = await run();
      expect(result.partition).toBe('aws-cn');
      expect(iam.users.get('dtr-storage')?.policies.get('dtr-storage-dtr-images-unit')).toContain('arn:aws-cn:s3:::dtr-images-unit');
      expect(result.steps[3]?.outcome).toBe('verified');
    });

    it('reports a clear error when the effective permissions differ (e.g. an SCP denies multipart)', async () => {
      const extraDeny = { Effect: 'Deny', Action: 's3:AbortMultipartUpload', Resource: '*' };
      const { run } = setup({ extraDeny });
      await expect(run()).rejects.toMatchObject({
        code: 'IAM_PERMISSIONS_WRONG',
        message: expect.stringMatching(/s3:AbortMultipartUpload on arn:aws:s3:::dtr-images-unit\/registry\/.* is explicitDeny, expected allowed/),
      });
    });

    it('looks again while a fresh policy is not yet visible to the simulator, then fails if it never is', async () => {
      const { iam, run, store, options } = setup();
      await run();
      const { context } = await stepContext(store, options);
      const probes = registryPermissionProbes({ bucket: 'dtr-images-unit', rootDirectory: '/registry' });
      const arn = iam.users.get('dtr-storage')?.arn ?? '';
      const lagging = createIamMock({ simulationLag: 20 });
      const user = lagging.addUser('dtr-storage', '/dtr-s3-assistant/');
      user.policies = new Map(iam.users.get('dtr-storage')?.policies);
      const groups = new Set(probes.allowed.concat(probes.denied).map((p) => p.resource + JSON.stringify(p.context ?? {}))).size;
      const eventually = createIamMock({ simulationLag: groups * 2 }); // visible on the third look
      eventually.addUser('dtr-storage', '/dtr-s3-assistant/').policies = new Map(user.policies);
      const verified = await verifyUserPermissions(eventually.client, arn, probes, context, { attempts: 4, delayMs: 1 });
      expect(verified.outcome).toBe('verified');
      expect(eventually.calls.filter((c) => c === 'SimulatePrincipalPolicy')).toHaveLength(groups * 3);
      await expect(verifyUserPermissions(lagging.client, arn, probes, context, { attempts: 2, delayMs: 1 })).rejects.toMatchObject({
        code: 'IAM_PERMISSIONS_WRONG',
      });
    });

    it('says so when the endpoint offers no simulation, without failing', async () => {
      const { run } = setup({ simulation: 'unsupported' });
      const { result, events } = await run();
      expect(result.steps[3]).toMatchObject({ outcome: 'warn', message: expect.stringMatching(/not available.*live probes/) });
      expect(events.at(-1)?.status).toBe('warn');
    });
  });
});

describe('before anything is created', () => {
  it('fails without touching S3 or IAM when the keychain cannot be reached', async () => {
    const iam = createIamMock();
    const s3 = new S3Client({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    const s3Calls: string[] = [];
    s3.middlewareStack.add((next, context) => async (args) => (s3Calls.push(context.commandName ?? '?'), next(args)), { step: 'initialize', name: 'count' });
    const locked = { saveRegistryKey: () => Promise.reject(new AppError({ code: 'KEYCHAIN_LOCKED', message: 'locked' })), loadRegistryKey: () => Promise.reject(new AppError({ code: 'KEYCHAIN_LOCKED', message: 'locked' })) };
    const store = new JsonFileJournalStore(join(temp.dir, 'locked.json'));
    await expect(
      provisionStorage({ config: awsConfig(), owner: 'prod' }, { s3, iam: { iam: iam.client, keySink: locked, whoAmI: iam.whoAmI }, store, installationId: TEST_INSTALLATION, emit: () => undefined, operationId: 'x' }),
    ).rejects.toMatchObject({ code: 'KEYCHAIN_LOCKED' });
    expect(s3Calls).toEqual([]);
    expect(iam.calls).toEqual([]);
  });
});
