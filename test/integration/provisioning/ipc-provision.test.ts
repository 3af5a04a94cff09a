import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHandlerTable, dispatch, type HandlerContext } from '../../../electron/ipc/handler-table';
import { draftJournalPath as journalPathFor } from '../../../electron/services/provisioning/journal';
import { createProfileServices } from '../../../electron/services/profiles';
import { createS3Client } from '../../../electron/services/s3-client';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import type { ProgressEvent } from '../../../shared/contract';
import { WIZARD_DRAFT_OWNER } from '../../../shared/profile';
import { storageConfigSchema } from '../../../shared/storage-config';

/** provision.run / provision.rollback through the real handler table: keychain setup keys, RGW, progress. */
const rgw = inject('rgw');
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const service = `dtr-s3-test-provision-${randomUUID().slice(0, 8)}`;
const secrets = createSecretStore({ service, timeoutMs: 10_000 });
const dataDir = mkdtempSync(join(tmpdir(), 'ipc-provision-'));
const services = createProfileServices({ dataDir, secrets });
const table = createHandlerTable({ profiles: services });
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(dataDir, { recursive: true, force: true });
});

function call(channel: string, payload: unknown) {
  const events: ProgressEvent[] = [];
  const context: HandlerContext = { emitProgress: (e) => events.push(e), signal: new AbortController().signal, operationId: 'op-1' };
  return dispatch(table, channel, payload, context).then((outcome) => ({ outcome, events }));
}

const config = (bucket: string) => ({
  provider: 's3-compatible',
  region: rgw.region,
  bucket,
  regionendpoint: rgw.httpEndpoint,
  forcepathstyle: true,
  secure: false,
});

describe('provisioning over the IPC contract', () => {
  it('runs with the setup keys from the keychain, streams progress, and rolls back', async () => {
    await secrets.setCredentials(WIZARD_DRAFT_OWNER, 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
    const bucket = `ipc-${randomUUID().slice(0, 8)}`;
    const { outcome, events } = await call('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    const value = outcome.value as { steps: Array<{ step: string; outcome: string }>; minioCommands?: string[] };
    expect(value.steps.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'bucket:created',
      'public-access-block:updated',
      'encryption:warn',
      'lifecycle:created',
      'iam-user:skipped',
    ]);
    expect(value.minioCommands).toHaveLength(3);
    expect(events.every((e) => e.operationId === 'op-1')).toBe(true);
    expect(events.filter((e) => e.status === 'running')).toHaveLength(4);
    // the journal holds no secret
    expect(readFileSync(journalPathFor(dataDir, storageConfigSchema.parse(config(bucket))), 'utf8')).not.toContain(rgw.secretKey);

    const back = await call('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
    expect(back.outcome).toMatchObject({ ok: true, value: { complete: true, steps: [{ step: 'bucket', outcome: 'deleted' }] } });
    const s3 = createS3Client(storageConfigSchema.parse(config(bucket)), { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('with the AWS chain, a named profile of the shared credentials file signs the setup calls', async () => {
    const awsDir = mkdtempSync(join(tmpdir(), 'ipc-aws-profile-'));
    const credentialsFile = join(awsDir, 'credentials');
    writeFileSync(
      credentialsFile,
      `[dtr-setup]\naws_access_key_id = ${rgw.accessKey}\naws_secret_access_key = ${rgw.secretKey}\n` +
        `[dtr-wrong]\naws_access_key_id = ${rgw.accessKey}\naws_secret_access_key = not-the-secret\n`,
    );
    const saved = { files: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
    process.env.AWS_CONFIG_FILE = join(awsDir, 'config-absent');
    try {
      const bucket = `ipc-profile-${randomUUID().slice(0, 8)}`;
      const request = (awsProfile: string) => ({ owner: 'aws-chain-owner', config: config(bucket), keySource: 'aws-chain', awsProfile });
      // The wrong profile's key is refused by the server: proof that the named profile, not something else, signs.
      const wrong = await call('provision.run', request('dtr-wrong'));
      expect(wrong.outcome.ok).toBe(false);
      const right = await call('provision.run', request('dtr-setup'));
      expect(right.outcome.ok, JSON.stringify(right.outcome)).toBe(true);
      const back = await call('provision.rollback', request('dtr-setup'));
      expect(back.outcome).toMatchObject({ ok: true, value: { complete: true } });
      // A profile name is a name, not a path or an option.
      const odd = await call('provision.run', request('../etc/passwd'));
      expect(odd.outcome).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    } finally {
      if (saved.files === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.files;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
      rmSync(awsDir, { recursive: true, force: true });
    }
  });

  it('the draft\'s journal moves into the profile the wizard saves, and rolling back that profile uses it', async () => {
    await secrets.setCredentials(WIZARD_DRAFT_OWNER, 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
    const bucket = `ipc-journal-${randomUUID().slice(0, 8)}`;
    const name = `journal-${randomUUID().slice(0, 6)}`;
    expect((await call('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) })).outcome.ok).toBe(true);
    const draftJournal = journalPathFor(dataDir, storageConfigSchema.parse(config(bucket)));
    expect(existsSync(draftJournal)).toBe(true);

    const saved = await call('profiles.save', { profile: { name, storage: config(bucket) }, draftKeys: true });
    expect(saved.outcome.ok, JSON.stringify(saved.outcome)).toBe(true);
    const profile = (saved.outcome as { value: { provisioningJournal?: { steps?: unknown[] } } }).value;
    expect(profile.provisioningJournal).toBeDefined();
    expect(JSON.stringify(profile.provisioningJournal)).toContain(bucket);
    expect(existsSync(draftJournal)).toBe(false);

    // The profile's own keys sign the rollback; the journal in the profile says the bucket was created here.
    await secrets.setCredentials(name, 'setup', { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });
    const back = await call('provision.rollback', { owner: name, config: config(bucket) });
    expect(back.outcome).toMatchObject({ ok: true, value: { complete: true, steps: [{ step: 'bucket', outcome: 'deleted' }] } });
    const s3 = createS3Client(storageConfigSchema.parse(config(bucket)), { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('answers with an error as data when no setup keys are stored', async () => {
    const { outcome } = await call('provision.run', { owner: 'no-keys-here', config: config(`ipc-none-${randomUUID().slice(0, 6)}`) });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'SETUP_CREDENTIALS_MISSING' } });
  });

  it('rejects secrets in the request: the contract has no field for them', async () => {
    const { outcome } = await call('provision.run', {
      owner: WIZARD_DRAFT_OWNER,
      config: config('ipc-strict'),
      secretAccessKey: 'do-not-send-me',
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(JSON.stringify(outcome)).not.toContain('do-not-send-me');
  });

  it('stops before the next step when cancelled, and a second run continues', async () => {
    const bucket = `ipc-cancel-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const context: HandlerContext = {
      emitProgress: (e) => {
        events.push(e);
        if (e.step === 'bucket' && e.status === 'created') controller.abort();
      },
      signal: controller.signal,
      operationId: 'op-2',
    };
    const first = await dispatch(table, 'provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) }, context);
    expect(first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(events.map((e) => e.step)).not.toContain('public-access-block');
    const again = await call('provision.run', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
    expect(again.outcome.ok).toBe(true);
    if (again.outcome.ok) expect((again.outcome.value as { steps: Array<{ outcome: string }> }).steps[0]?.outcome).toBe('adopted');
    await call('provision.rollback', { owner: WIZARD_DRAFT_OWNER, config: config(bucket) });
  });
});
