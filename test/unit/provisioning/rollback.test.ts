import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFileJournalStore } from '../../../electron/services/provisioning/journal';
import { provisionIamUser, type ProvisionOptions } from '../../../electron/services/provisioning/provision';
import { rollbackProvisioning } from '../../../electron/services/provisioning/rollback';
import { createIamMock, createMemoryKeySink } from './iam-mock';
import { awsConfig, stepContext, tempDir, TEST_INSTALLATION } from './helpers';

const temp = tempDir('iam-rollback-');
afterAll(temp.cleanup);
const options: ProvisionOptions = { config: awsConfig(), owner: 'prod' };
let n = 0;

async function provisioned(prepare?: (iam: ReturnType<typeof createIamMock>) => void) {
  const iam = createIamMock();
  prepare?.(iam);
  const sink = createMemoryKeySink();
  const store = new JsonFileJournalStore(join(temp.dir, `j-${++n}.json`));
  const { context } = await stepContext(store, options);
  await provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: iam.whoAmI }, context);
  const rollback = () => rollbackProvisioning({ iam: iam.client, store, installationId: TEST_INSTALLATION, keySink: sink, owner: 'prod', emit: () => undefined, operationId: 'rb' });
  return { iam, sink, store, rollback };
}

describe('rollback', () => {
  it('deletes key, policy and user in that order when this tool created them', async () => {
    const { iam, rollback, store } = await provisioned();
    const before = iam.calls.length;
    const result = await rollback();
    expect(iam.calls.slice(before).filter((c) => c.startsWith('Delete'))).toEqual(['DeleteAccessKey', 'DeleteUserPolicy', 'DeleteUser']);
    expect(result.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual(['access-key:deleted', 'iam-policy:deleted', 'iam-user:deleted']);
    expect(result.complete).toBe(true);
    expect(await store.load()).toBeUndefined();
  });

  it('never touches a user, policy or key that existed before', async () => {
    let foreignKey = '';
    const { iam, rollback } = await provisioned((mock) => {
      mock.addUser('dtr-storage', '/ops/');
      mock.users.get('dtr-storage')?.policies.set('their-policy', '{"Version":"2012-10-17","Statement":[]}');
      foreignKey = mock.addKey('dtr-storage', 'Inactive').id;
    });
    await rollback();
    const user = iam.users.get('dtr-storage');
    expect(user).toBeDefined();
    expect([...(user?.policies.keys() ?? [])]).toEqual(['their-policy']);
    expect(user?.keys.map((k) => k.id)).toEqual([foreignKey]);
  });

  it('is safe to run twice, and after someone already deleted things by hand', async () => {
    const { iam, rollback, store } = await provisioned();
    const saved = await store.load();
    iam.users.get('dtr-storage')?.keys.splice(0); // deleted by hand
    await rollback();
    expect(iam.users.size).toBe(0);
    if (saved) await store.save(saved); // an interrupted rollback left the journal behind
    await expect(rollback()).resolves.toMatchObject({ complete: true });
  });

  it('keeps a user that gained something it did not create, and says why', async () => {
    const { iam, rollback, store } = await provisioned();
    iam.users.get('dtr-storage')?.policies.set('added-later', '{}');
    await expect(rollback()).rejects.toMatchObject({ code: 'ROLLBACK_USER_IN_USE' });
    expect(iam.users.get('dtr-storage')?.policies.has('added-later')).toBe(true);
    // what was deleted is journaled, so the next attempt does not try again
    expect((await store.load())?.createdKeyIds).toEqual([]);
    expect((await store.load())?.steps['iam-policy']).toBeUndefined();
  });

  it('refuses without a journal', async () => {
    const store = new JsonFileJournalStore(join(temp.dir, 'missing.json'));
    await expect(rollbackProvisioning({ store, installationId: TEST_INSTALLATION, emit: () => undefined, operationId: 'rb' })).rejects.toMatchObject({ code: 'JOURNAL_NOT_FOUND' });
  });
});
