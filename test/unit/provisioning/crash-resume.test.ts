import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFileJournalStore, type JournalStore } from '../../../electron/services/provisioning/journal';
import { provisionIamUser, type ProvisionOptions } from '../../../electron/services/provisioning/provision';
import { rollbackProvisioning } from '../../../electron/services/provisioning/rollback';
import { createIamMock, createMemoryKeySink } from './iam-mock';
import { CrashingJournalStore, awsConfig, stepContext, tempDir, TEST_INSTALLATION } from './helpers';

/**
 * A crash between any two API calls, then a resume: for every position in the sequence. "Crash" means
 * the process stops right after the k-th IAM call took effect (it never sees the answer), or right
 * after the k-th journal write.
 */
const temp = tempDir('iam-crash-');
afterAll(temp.cleanup);
const options: ProvisionOptions = { config: awsConfig(), owner: 'prod' };
let n = 0;

function world() {
  const iam = createIamMock();
  const sink = createMemoryKeySink();
  const file = new JsonFileJournalStore(join(temp.dir, `j-${++n}.json`));
  const run = async (store: JournalStore = file) => {
    const { context } = await stepContext(store, options);
    return provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: iam.whoAmI }, context);
  };
  return { iam, sink, file, run };
}

async function expectCleanEndState(w: ReturnType<typeof world>) {
  const users = [...w.iam.users.values()];
  expect(users).toHaveLength(1);
  const user = users[0];
  expect([...(user?.policies.keys() ?? [])]).toEqual(['dtr-storage-dtr-images-unit']);
  expect(user?.keys).toHaveLength(1); // no duplicate or orphaned key
  const stored = w.sink.entries.get('prod');
  expect(stored?.accessKeyId).toBe(user?.keys[0]?.id);
  expect(await w.iam.whoAmI(stored ?? { accessKeyId: '', secretAccessKey: '' })).toBe(user?.arn);
  expect(w.iam.calls.filter((c) => c === 'CreateUser')).toHaveLength(1);
  expect(w.iam.calls.filter((c) => c === 'PutUserPolicy')).toHaveLength(1);
  const journal = await w.file.load();
  expect(journal?.steps['iam-user']?.createdByUs).toBe(true);
  expect(journal?.steps['iam-policy']?.createdByUs).toBe(true);
  expect(journal?.createdKeyIds).toEqual([user?.keys[0]?.id]);
  // and rollback removes all of it
  await rollbackProvisioning({ iam: w.iam.client, store: w.file, installationId: TEST_INSTALLATION, keySink: w.sink, owner: 'prod', emit: () => undefined, operationId: 'rb' });
  expect(w.iam.users.size).toBe(0);
  expect(w.sink.entries.size).toBe(0);
  expect(await w.file.load()).toBeUndefined();
}

describe('crash and resume', () => {
  const reference = world();
  const callsInCleanRun = async () => {
    await reference.run();
    return reference.iam.calls.length;
  };

  it('after every single IAM call', async () => {
    const total = await callsInCleanRun();
    expect(total).toBeGreaterThanOrEqual(8);
    for (let k = 1; k <= total; k++) {
      const w = world();
      w.iam.crashAfterCall(k);
      await expect(w.run(), `crash after call ${k}`).rejects.toThrow();
      w.iam.crashAfterCall(undefined);
      await w.run();
      await expectCleanEndState(w);
    }
  }, 30_000); // one full provision + rollback per IAM call: slow on a shared, loaded machine

  it('after every journal write', async () => {
    const probe = world();
    const counting = new CrashingJournalStore(probe.file);
    await probe.run(counting);
    expect(counting.saves).toBeGreaterThanOrEqual(7);
    for (let k = 1; k <= counting.saves; k++) {
      const w = world();
      await expect(w.run(new CrashingJournalStore(w.file, k)), `crash after save ${k}`).rejects.toThrow(/simulated crash/);
      await w.run();
      await expectCleanEndState(w);
    }
  });

  it('after CreateAccessKey the lost key is deleted before a new one is made', async () => {
    const probe = world();
    await probe.run();
    const w = world();
    w.iam.crashAfterCall(probe.iam.calls.indexOf('CreateAccessKey') + 1);
    await expect(w.run()).rejects.toThrow();
    expect(w.iam.calls.at(-1)).toBe('CreateAccessKey');
    const orphan = w.iam.users.get('dtr-storage')?.keys[0]?.id;
    expect(orphan).toBeDefined();
    w.iam.crashAfterCall(undefined);
    await w.run();
    expect(w.iam.calls).toContain('DeleteAccessKey');
    expect(w.iam.users.get('dtr-storage')?.keys.map((k) => k.id)).not.toContain(orphan);
    await expectCleanEndState(w);
  });
});
