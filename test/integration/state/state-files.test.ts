import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createHandlerTable, dispatch, type HandlerContext } from '../../../electron/ipc/handler-table';
import { createProfileServices, type ProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { mountTinyDisk, type TinyDisk } from './mounts';

// Issue 14, part B: state files that are corrupt, empty or from a newer version; a failed debounced save;
// a bucket joined raw into the draft journal's path; `profiles delete` acting on the name inside the file;
// data directories that follow the umask. Real files, a real (private) keychain, real tmpfs faults.
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const secrets = createSecretStore({ service: `dtr-s3-test-state-${randomBytes(4).toString('hex')}` });
const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-state-'));
  dirs.push(dir);
  return dir;
};
let disk: TinyDisk | undefined;
afterEach(() => {
  disk?.unmount();
  disk = undefined;
});
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const context = (): HandlerContext => ({ emitProgress: () => undefined, signal: new AbortController().signal });
const call = (services: ProfileServices, channel: string, payload: unknown) => dispatch(createHandlerTable({ profiles: services }), channel, payload, context());
const storage = (bucket: string) => ({ provider: 'aws' as const, region: 'us-east-1', bucket });

describe('a wizard-state.json that cannot be used', () => {
  it.each([
    ['empty', ''],
    ['corrupt', '{ "step": "bucket", '],
    ['from a newer version', JSON.stringify({ schemaVersion: 99, step: 'bucket', values: {} })],
  ])('(%s) does not lock profiles out; the wizard moves it aside with a notice and starts over', async (_, text) => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, 'wizard-state.json'), text);
    const services = createProfileServices({ dataDir, secrets }); // the app's main does this before its window
    await services.profiles.save({ name: 'lab', storage: storage('dtr-lab') });
    expect((await call(services, 'profiles.list', {})).ok).toBe(true);
    expect((await call(services, 'profiles.get', { name: 'lab' })).ok).toBe(true);
    expect((await call(services, 'profiles.export', { name: 'lab' })).ok).toBe(true);

    const loaded = await call(services, 'wizard.loadState', {});
    expect(loaded).toMatchObject({ ok: true, value: { problems: [{ code: 'WIZARD_STATE_QUARANTINED' }] } });
    expect((loaded as { value: { state?: unknown } }).value.state).toBeUndefined();
    expect(existsSync(join(dataDir, 'wizard-state.json'))).toBe(false);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('wizard-state.json.quarantined-'))).toHaveLength(1);
    // …and the wizard goes on: a save writes a fresh state.
    services.wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab' } });
    services.wizard.flush();
    expect((await services.wizard.load()).state).toMatchObject({ step: 'target' });
  });
});

describe('a debounced wizard save that the disk refuses', () => {
  it('(ENOSPC) does not throw inside the timer; the next save reports DISK_FULL with the path', async () => {
    disk = mountTinyDisk();
    const services = createProfileServices({ dataDir: disk.dir, secrets, debounceMs: 5, maxWaitMs: 5 });
    disk.fill();
    services.wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab', dtrCaPem: 'x'.repeat(20_000) } });
    // Polls until the timer has run and failed (no fixed sleep); an exception in the timer would kill the run.
    await vi.waitFor(() => {
      expect(() => services.wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab', dtrCaPem: 'x'.repeat(20_000) } })).toThrow(
        expect.objectContaining({ code: 'DISK_FULL', message: expect.stringContaining(join(disk!.dir, 'wizard-state.json')) }),
      );
    }, { timeout: 5_000, interval: 20 });
    const loaded = await call(services, 'wizard.loadState', {});
    expect(loaded).toMatchObject({ ok: true, value: { problems: [{ code: 'DISK_FULL' }] } });
  });
});

describe('the draft journal path', () => {
  const journal = JSON.stringify({ version: 1, target: { bucket: 'other', region: 'us-east-1', endpoint: '' }, steps: {}, createdKeyIds: [], deletedKeyIds: [] });

  it('never names a file outside the data directory (a ../ bucket on profiles.save and provision.rollback)', async () => {
    const parent = fresh();
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    const victim = join(parent, 'victim.json');
    writeFileSync(victim, journal);
    const services = createProfileServices({ dataDir, secrets });
    const saved = await call(services, 'profiles.save', { profile: { name: 'evil', storage: storage('../../../../victim') }, draftKeys: true });
    expect(saved).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(existsSync(victim)).toBe(true);
    const rolledBack = await call(services, 'provision.rollback', {
      owner: '@wizard-draft',
      config: storage('../../../../victim'),
      keySource: 'aws-chain',
    });
    expect(rolledBack).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(existsSync(victim)).toBe(true);
  });
});

describe('profiles are addressed by file name', () => {
  it('a copied file (cp prod.json prod-backup.json) is not "prod": deleting it leaves prod and its keys', async () => {
    const dataDir = fresh();
    const services = createProfileServices({ dataDir, secrets });
    await services.profiles.save({ name: 'prod', storage: storage('dtr-prod') }, { registry: { accessKeyId: 'AKIAPROD', secretAccessKey: 'prod-secret' } });
    const folder = join(dataDir, 'profiles');
    copyFileSync(join(folder, 'prod.json'), join(folder, 'prod-backup.json'));

    expect(await call(services, 'profiles.get', { name: 'prod-backup' })).toMatchObject({ ok: false, error: { code: 'PROFILE_NAME_MISMATCH' } });
    expect(await call(services, 'profiles.delete', { name: 'prod-backup' })).toMatchObject({ ok: true });
    expect(existsSync(join(folder, 'prod-backup.json'))).toBe(false);
    expect(existsSync(join(folder, 'prod.json'))).toBe(true);
    expect(await secrets.getCredentials('prod', 'registry')).toMatchObject({ accessKeyId: 'AKIAPROD' });
    await services.profiles.delete('prod');
  });
});

describe('data directories and files are private whatever the umask', () => {
  it('0700 folders and 0600 files under umask 000, and an existing 0755 data directory is tightened', async () => {
    const old = process.umask(0);
    try {
      for (const existing of [false, true]) {
        const dataDir = join(fresh(), 'nested', 'data');
        if (existing) mkdirSync(dataDir, { recursive: true, mode: 0o755 });
        const services = createProfileServices({ dataDir, secrets });
        await services.profiles.save({ name: 'lab', storage: storage('dtr-lab') });
        services.wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab' } });
        services.wizard.flush();
        const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
        expect([mode(dataDir), mode(join(dataDir, 'profiles'))]).toEqual(['700', '700']);
        expect([mode(join(dataDir, 'profiles', 'lab.json')), mode(join(dataDir, 'wizard-state.json'))]).toEqual(['600', '600']);
      }
    } finally {
      process.umask(old);
    }
  });
});
