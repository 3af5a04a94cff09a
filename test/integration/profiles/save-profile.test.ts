import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { WIZARD_DRAFT_OWNER, type Profile } from '../../../shared/profile';
import { radosgwAdmin } from '../../services/rgw';

// Saving a profile through the IPC door, on the real keychain and a real RGW: an existing profile is
// replaced only when the caller says so (and nothing, not even its key, is touched before), and the
// wizard's passing Validate run, recorded in main, joins the saved profile's history exactly once.
const rgw = inject('rgw');
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const suffix = randomBytes(4).toString('hex');
const uid = `save-profile-${suffix}`;
const bucket = `save-profile-${suffix}`;
const secrets = createSecretStore({ service: `dtr-s3-test-save-${suffix}` });
const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-save-profile-'));
const services = createProfileServices({ dataDir, secrets, debounceMs: 20 });
const table = createHandlerTable({ profiles: services });
const call = (channel: string, request: unknown) => dispatch(table, channel, request, { emitProgress: () => {}, signal: new AbortController().signal });
let keys: { accessKeyId: string; secretAccessKey: string };
const storage = () => ({ provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, secure: false, forcepathstyle: true, rootdirectory: 'dtr' });

beforeAll(async () => {
  const info = (await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as { keys: { access_key: string; secret_key: string }[] };
  keys = { accessKeyId: info.keys[0]!.access_key, secretAccessKey: info.keys[0]!.secret_key };
  const owner = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: { ...keys } });
  await owner.send(new CreateBucketCommand({ Bucket: bucket }));
  owner.destroy();
});

afterAll(async () => {
  services.wizard.dispose();
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  await radosgwAdmin(rgw, ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('profiles.save and profiles.previewSave', () => {
  it('refuses to replace an existing profile unless told to, names what would change, and leaves its key alone', async () => {
    const profile = { name: 'prod', storage: storage() };
    expect(await call('profiles.previewSave', { profile })).toEqual({ ok: true, value: { exists: false, changes: [] } });
    expect((await call('profiles.save', { profile, secrets: { registry: keys } })).ok).toBe(true);

    const changed = { ...profile, storage: { ...storage(), bucket: 'other-bucket', rootdirectory: 'dtr2' } };
    const preview = await call('profiles.previewSave', { profile: changed });
    expect(preview).toMatchObject({ ok: true, value: { exists: true, changes: [{ field: 'bucket', from: bucket, to: 'other-bucket' }, { field: 'rootdirectory', from: 'dtr', to: 'dtr2' }] } });

    const refused = await call('profiles.save', { profile: changed, secrets: { registry: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret' } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PROFILE_EXISTS' } });
    expect(!refused.ok && refused.error.message).toContain(`bucket: ${bucket} → other-bucket; rootdirectory: dtr → dtr2`);
    expect((await services.profiles.get('prod')).storage.bucket).toBe(bucket);
    // The refused save wrote nothing to the keychain either.
    expect(await secrets.getCredentials('prod', 'registry')).toEqual(keys);

    const replaced = await call('profiles.save', { profile: changed, overwrite: true });
    expect(replaced).toMatchObject({ ok: true, value: { storage: { bucket: 'other-bucket' }, secretRefs: { registry: 'prod/registry' } } });
  });

  it('with draftKeys, the preview names a registry key that would replace the saved one (its ID only)', async () => {
    const profile = { name: 'keyed', storage: storage() };
    expect((await call('profiles.save', { profile, secrets: { registry: keys } })).ok).toBe(true);
    expect((await call('wizard.saveDraftSecret', { role: 'registry', credentials: { accessKeyId: 'AKIADRAFT', secretAccessKey: 'draft-secret' } })).ok).toBe(true);
    const preview = await call('profiles.previewSave', { profile, draftKeys: true });
    expect(preview).toEqual({ ok: true, value: { exists: true, updatedAt: expect.any(String), changes: [{ field: 'registry key ID', from: keys.accessKeyId, to: 'AKIADRAFT' }] } });
    expect(JSON.stringify(preview)).not.toContain('draft-secret');
    await call('wizard.clearState', {});
  });

  it('rejects malformed requests at the door with {code, message}', async () => {
    for (const [channel, request] of [
      ['profiles.previewSave', { profile: { name: 'Bad Name', storage: storage() } }],
      ['profiles.previewSave', { profile: { name: 'ok', storage: { ...storage(), bucket: '../x' } } }],
      ['profiles.previewSave', { profile: { name: 'ok', storage: storage() }, extra: 1 }],
      ['profiles.save', { profile: { name: 'ok', storage: storage() }, overwrite: 'yes' }],
      ['profiles.save', { profile: { name: 'ok', storage: storage() }, fromWizard: 1 }],
    ] as const) {
      const outcome = await call(channel, request);
      expect(outcome, `${channel} ${JSON.stringify(request)}`).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.any(String) } });
    }
    expect(await services.profiles.exists('ok')).toBe(false);
  });

  it("the wizard's passing Validate run joins the saved profile's history once; a failing run or another config's does not", async () => {
    expect((await call('wizard.saveDraftSecret', { role: 'registry', credentials: keys })).ok).toBe(true);
    const checked = await call('checks.run', { config: storage(), owner: '@wizard-draft' });
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
    const first = await call('profiles.save', { profile: { name: 'wizard-run', storage: storage() }, draftKeys: true, fromWizard: true });
    const history = (first as { value: Profile }).value.recheckHistory;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ source: 'wizard', status: expect.stringMatching(/^(pass|warn)$/) });
    expect(history[0]!.probes.map((p) => p.id)).toEqual((checked as { value: { probes: { id: string }[] } }).value.probes.map((p) => p.id));
    // Taken once: saving again adds no second copy of the same run.
    const again = await call('profiles.save', { profile: { name: 'wizard-run', storage: storage() }, overwrite: true, fromWizard: true });
    expect((again as { value: Profile }).value.recheckHistory).toHaveLength(1);

    // A run with a wrong secret fails: nothing is added.
    expect((await call('wizard.saveDraftSecret', { role: 'registry', credentials: { ...keys, secretAccessKey: `${keys.secretAccessKey}x` } })).ok).toBe(true);
    expect((await call('checks.run', { config: storage(), owner: '@wizard-draft' })).ok).toBe(true);
    const failed = await call('profiles.save', { profile: { name: 'wizard-fail', storage: storage() }, fromWizard: true });
    expect((failed as { value: Profile }).value.recheckHistory).toEqual([]);

    // A passing run of one config is not credited to another.
    expect((await call('wizard.saveDraftSecret', { role: 'registry', credentials: keys })).ok).toBe(true);
    expect((await call('checks.run', { config: storage(), owner: '@wizard-draft' })).ok).toBe(true);
    const other = await call('profiles.save', { profile: { name: 'wizard-other', storage: { ...storage(), rootdirectory: 'elsewhere' } }, fromWizard: true });
    expect((other as { value: Profile }).value.recheckHistory).toEqual([]);

    // "Start a new setup" forgets the recorded run with the rest of the draft.
    expect((await call('checks.run', { config: storage(), owner: '@wizard-draft' })).ok).toBe(true);
    await call('wizard.clearState', {});
    const cleared = await call('profiles.save', { profile: { name: 'wizard-cleared', storage: storage() }, fromWizard: true });
    expect((cleared as { value: Profile }).value.recheckHistory).toEqual([]);
  });

  it('a keyless profile (DTR\'s hosts use an IAM role) takes no draft key: a key typed before that choice stays out of it', async () => {
    await secrets.setCredentials(WIZARD_DRAFT_OWNER, 'registry', keys);
    const profile = { name: 'keyless', storage: { provider: 'aws', region: 'eu-west-1', bucket, keyless: true } };
    const saved = await call('profiles.save', { profile, draftKeys: true });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    const stored = await services.profiles.get('keyless');
    expect([stored.storage.keyless, stored.secretRefs.registry]).toEqual([true, undefined]);
    expect(await secrets.getCredentials('keyless', 'registry')).toBeUndefined();
  });
});
