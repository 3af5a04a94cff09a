import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonFileJournalStore, openJournal } from '../../../electron/services/provisioning/journal';
import { createKeychainKeySink } from '../../../electron/services/provisioning/keychain-key-sink';
import { journalTarget, provisionIamUser, type ProvisionOptions } from '../../../electron/services/provisioning/provision';
import { rollbackProvisioning } from '../../../electron/services/provisioning/rollback';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { storageConfigSchema } from '../../../shared/storage-config';
import { createIamMock } from '../../unit/provisioning/iam-mock';

/** The new key's secret goes into the real Secret Service (gnome-keyring), never into the journal. */
const service = `dtr-s3-assistant-test-${randomUUID().slice(0, 8)}`;
const secrets = createSecretStore({ service, timeoutMs: 10_000 });
const dir = mkdtempSync(join(tmpdir(), 'keychain-key-'));
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(dir, { recursive: true, force: true });
});

describe('registry key in the OS keychain', () => {
  it('stores the new key, reuses it on the next run, and rollback removes it from IAM and the keychain', async () => {
    const iam = createIamMock();
    const sink = createKeychainKeySink(secrets);
    const options: ProvisionOptions = {
      config: storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', bucket: 'dtr-keychain-test' }),
      owner: 'keychain-test',
    };
    const journalPath = join(dir, 'journal.json');
    const store = new JsonFileJournalStore(journalPath);
    const run = async () => {
      const journal = await openJournal(store, journalTarget(options.config, options), 'test-installation-0000-0000-000000000000');
      return provisionIamUser(options, { iam: iam.client, keySink: sink, whoAmI: iam.whoAmI }, {
        operationId: 'k',
        store,
        journal,
        emit: () => undefined,
      });
    };

    const first = await run();
    expect(first.storedAt).toBe(`the OS keychain (service "${service}", account "keychain-test/registry")`);
    const inIam = iam.users.get('dtr-storage')?.keys[0];
    const inKeychain = await secrets.getCredentials('keychain-test', 'registry');
    expect(inKeychain).toEqual({ accessKeyId: inIam?.id, secretAccessKey: inIam?.secret });
    expect(readFileSync(journalPath, 'utf8')).not.toContain(inIam?.secret ?? '!');

    const second = await run();
    expect(second.steps[2]?.outcome).toBe('unchanged');
    expect(iam.calls.filter((c) => c === 'CreateAccessKey')).toHaveLength(1);

    await rollbackProvisioning({ iam: iam.client, store, installationId: 'test-installation-0000-0000-000000000000', keySink: sink, owner: 'keychain-test', emit: () => undefined, operationId: 'r' });
    expect(iam.users.size).toBe(0);
    expect(await secrets.getCredentials('keychain-test', 'registry')).toBeUndefined();
  });
});
