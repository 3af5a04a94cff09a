import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHandlerTable, dispatch, type HandlerContext } from '../../../electron/ipc/handler-table';
import { createProfileServices } from '../../../electron/services/profiles';
import { openInstallation } from '../../../electron/services/provisioning/installation';
import { JsonFileJournalStore, draftJournalPath } from '../../../electron/services/provisioning/journal';
import { createS3Client } from '../../../electron/services/s3-client';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { PROFILE_EXPORT_FORMAT, WIZARD_DRAFT_OWNER } from '../../../shared/profile';
import { storageConfigSchema } from '../../../shared/storage-config';

// Issue 14, item 5: rollback trusted the journal inside an imported profile and deleted a bucket the tool
// never created (RGW). Now a journal must be this installation's, and the bucket must carry its tag.
const rgw = inject('rgw');
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const secrets = createSecretStore({ service: `dtr-s3-test-proof-${randomUUID().slice(0, 8)}`, timeoutMs: 10_000 });
const dataDir = mkdtempSync(join(tmpdir(), 'rollback-proof-'));
const services = createProfileServices({ dataDir, secrets });
const table = createHandlerTable({ profiles: services });
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(dataDir, { recursive: true, force: true });
});

const context = (): HandlerContext => ({ emitProgress: () => undefined, signal: new AbortController().signal, operationId: 'proof' });
const call = (channel: string, payload: unknown) => dispatch(table, channel, payload, context());
const config = (bucket: string) => ({ provider: 's3-compatible' as const, region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false });
const admin = (bucket: string): S3Client =>
  createS3Client(storageConfigSchema.parse(config(bucket)), { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
const exists = (s3: S3Client, bucket: string) => s3.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false);

/** A bucket someone else made (by hand, another tool), and a journal that claims this tool created it. */
async function someoneElsesBucket(): Promise<{ bucket: string; s3: S3Client; journal: Record<string, unknown> }> {
  const bucket = `foreign-${randomUUID().slice(0, 8)}`;
  const s3 = admin(bucket);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const at = new Date().toISOString();
  const journal = {
    version: 1,
    target: { bucket, region: rgw.region, endpoint: rgw.httpEndpoint },
    steps: { bucket: { phase: 'done', outcome: 'created', createdByUs: true, at } },
    createdKeyIds: [],
    deletedKeyIds: [],
  };
  return { bucket, s3, journal };
}

describe('rollback deletes only what this installation created', () => {
  it('an imported profile does not bring its journal: rolling it back deletes nothing', async () => {
    await secrets.setCredentials('imported', 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
    const { bucket, s3, journal } = await someoneElsesBucket();
    const now = new Date().toISOString();
    const file = { format: PROFILE_EXPORT_FORMAT, profile: { schemaVersion: 1, name: 'imported', createdAt: now, updatedAt: now, storage: config(bucket), provisioningJournal: journal } };
    const imported = await call('profiles.import', { json: JSON.stringify(file) });
    expect(imported).toMatchObject({ ok: true, value: { notices: [expect.stringContaining('journal')] } });
    expect((await services.profiles.get('imported')).provisioningJournal).toBeUndefined();
    const rolledBack = await call('provision.rollback', { owner: 'imported', config: config(bucket) });
    expect(rolledBack.ok).toBe(false);
    expect(await exists(s3, bucket)).toBe(true);
  });

  it('a journal file this installation did not write (copied in, no installation id) deletes nothing', async () => {
    await secrets.setCredentials(WIZARD_DRAFT_OWNER, 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
    const { bucket, s3, journal } = await someoneElsesBucket();
    const store = new JsonFileJournalStore(draftJournalPath(dataDir, config(bucket)));
    await store.save(journal as never);
    const rolledBack = await call('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
    expect(rolledBack).toMatchObject({ ok: false, error: { code: 'JOURNAL_NOT_OURS' } });
    expect(await exists(s3, bucket)).toBe(true);
  });

  it('even with this installation\'s id in the journal, a bucket without its tag is kept', async () => {
    const { bucket, s3, journal } = await someoneElsesBucket();
    const store = new JsonFileJournalStore(draftJournalPath(dataDir, config(bucket)));
    await store.save({ ...journal, installationId: openInstallation(dataDir).id } as never);
    const rolledBack = await call('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
    expect(rolledBack).toMatchObject({ ok: true, value: { complete: false, steps: [{ step: 'bucket', outcome: 'kept' }] } });
    expect(await exists(s3, bucket)).toBe(true);
  });

  it('what it did create (tagged at creation) it still rolls back', async () => {
    const bucket = `ours-${randomUUID().slice(0, 8)}`;
    expect((await call('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) })).ok).toBe(true);
    expect(await call('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) })).toMatchObject({
      ok: true,
      value: { complete: true, steps: [{ step: 'bucket', outcome: 'deleted' }] },
    });
    expect(await exists(admin(bucket), bucket)).toBe(false);
  });
});

describe('a settings file moved aside is said where it matters: provisioning and rollback', () => {
  it('the run after the move says the id is new; rolling back the earlier run is refused with how to put the old id back', async () => {
    // Its own data directory: a move is remembered for the rest of the process.
    const ownDir = mkdtempSync(join(tmpdir(), 'rollback-moved-'));
    const own = createHandlerTable({ profiles: createProfileServices({ dataDir: ownDir, secrets }) });
    const callOwn = (channel: string, payload: unknown) => dispatch(own, channel, payload, context());
    try {
      await secrets.setCredentials(WIZARD_DRAFT_OWNER, 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
      const earlier = `earlier-${randomUUID().slice(0, 8)}`;
      expect(await callOwn('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(earlier) })).toMatchObject({ ok: true });
      writeFileSync(join(ownDir, 'settings.json'), '{ "installation": ');

      const later = `later-${randomUUID().slice(0, 8)}`;
      const run = await callOwn('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(later) });
      expect(run.ok).toBe(true);
      const steps = run.ok ? (run.value as { steps: unknown[] }).steps : [];
      expect(steps.slice(0, 2)).toMatchObject([
        { step: 'settings', outcome: 'warn', message: expect.stringMatching(/\(it is not JSON\); it was moved to .*quarantined.*This installation's id is new/) },
        { step: 'bucket', outcome: 'created' },
      ]);
      expect(readdirSync(ownDir).filter((f) => f.startsWith('settings.json.quarantined-'))).toHaveLength(1);

      const refused = await callOwn('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(earlier) });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'JOURNAL_NOT_OURS', message: expect.stringContaining('put the old id back'), fix: expect.stringContaining('put the old id back as said above') },
      });
      expect(await exists(admin(earlier), earlier)).toBe(true);
      // What the new id created, it rolls back; the earlier bucket is left for the user (or the old id).
      expect(await callOwn('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(later) })).toMatchObject({ ok: true, value: { complete: true } });
      await admin(earlier).send(new DeleteBucketCommand({ Bucket: earlier }));
    } finally {
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
