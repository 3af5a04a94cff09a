import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createProfileRepository } from '../../../electron/services/profiles/profile-repository';
import { ProfileJournalStore } from '../../../electron/services/profiles/profile-journal-store';
import { createKeychainKeySink } from '../../../electron/services/provisioning/keychain-key-sink';
import { openJournal, record } from '../../../electron/services/provisioning/journal';
import { exportProfile, importProfile } from '../../../electron/services/profiles/profile-transfer';
import { resolveProfile } from '../../../electron/services/profiles/resolve-profile';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { PROFILE_SCHEMA_VERSION, type ProfileInput } from '../../../shared/profile';
import { spawn } from 'node:child_process';
import { buildChild, lastJson, runChild } from './child-bundle';
import { startLagMeter } from '../../services/timer-lag';

process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const secrets = createSecretStore({ service: `dtr-s3-test-repo-${randomBytes(4).toString('hex')}` });
const dirs: string[] = [];
let dataDir = '';
let repository = createProfileRepository({ dataDir: '/nonexistent', secrets });

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-profiles-'));
  dirs.push(dataDir);
  repository = createProfileRepository({ dataDir, secrets });
});
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const input = (name: string): ProfileInput => ({
  name,
  storage: { provider: 's3-compatible', region: 'us-east-1', bucket: `dtr-${name}`, regionendpoint: 'https://rgw.lab:7480', forcepathstyle: true },
  clientTrust: { dtrHost: 'dtr.lab', mode: 'disable-redirect', dtrCaPem: '' },
});
const registryKeys = { accessKeyId: 'AKIAREGISTRY', secretAccessKey: 'registry-secret-value' };

describe('profile repository', () => {
  it('saves secrets to the keychain and only their account names to disk', async () => {
    const saved = await repository.save(input('lab'), { registry: registryKeys });
    expect(saved.secretRefs).toEqual({ registry: 'lab/registry' });
    const file = join(dataDir, 'profiles', 'lab.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('registry-secret-value');
    expect(text).not.toContain('AKIAREGISTRY');
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: PROFILE_SCHEMA_VERSION, name: 'lab', secretRefs: { registry: 'lab/registry' } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await secrets.getCredentials('lab', 'registry')).toEqual(registryKeys);
    // No temporary files left behind by the atomic writes.
    expect(readdirSync(join(dataDir, 'profiles'))).toEqual(['lab.json']);
  });

  it('updates in place: keeps createdAt, history and refs; lists summaries', async () => {
    const first = await repository.save(input('lab'), { setup: registryKeys });
    await repository.appendRecheckRun('lab', {
      startedAt: new Date().toISOString(), durationMs: 420, status: 'pass', probes: [{ id: 'dns', status: 'pass', durationMs: 2 }],
    });
    const second = await repository.save({ ...input('lab'), storage: { ...input('lab').storage, bucket: 'dtr-lab-2' } });
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.recheckHistory).toHaveLength(1);
    expect(second.secretRefs).toEqual({ setup: 'lab/setup' });
    expect(second.clientTrust.mode).toBe('disable-redirect');
    await repository.save(input('aws.prod'));
    const listing = await repository.list();
    expect(listing.unreadable).toEqual([]);
    expect(listing.profiles.map((p) => [p.name, p.bucket, p.lastRecheck?.status ?? null])).toEqual([
      ['aws.prod', 'dtr-aws.prod', null],
      ['lab', 'dtr-lab-2', 'pass'],
    ]);
  });

  it('refuses secrets anywhere in what it is asked to store', async () => {
    const withKey = { ...input('lab'), storage: { ...input('lab').storage, secretkey: 'x' } } as ProfileInput;
    await expect(repository.save(withKey)).rejects.toMatchObject({ code: 'PROFILE_CONTAINS_SECRETS' });
    await repository.save(input('lab'));
    await expect(
      repository.setProvisioningJournal('lab', { steps: [{ id: 'iam.key', secretAccessKey: 'x' }] }),
    ).rejects.toMatchObject({ code: 'PROFILE_CONTAINS_SECRETS' });
    const journal = { steps: [{ id: 'iam.key', accessKeyIdLast4: 'ABCD', created: true }] };
    expect((await repository.setProvisioningJournal('lab', journal)).provisioningJournal).toEqual(journal);
  });

  it('reports bad names, missing, corrupt and newer files clearly and leaves them unchanged', async () => {
    await expect(repository.get('Bad Name')).rejects.toMatchObject({ code: 'PROFILE_NAME_INVALID' });
    await expect(repository.get('nope')).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    await repository.save(input('good'));
    const profiles = join(dataDir, 'profiles');
    writeFileSync(join(profiles, 'broken.json'), '{"schemaVersion": 1, "name": "bro');
    const newer = { ...JSON.parse(readFileSync(join(profiles, 'good.json'), 'utf8')), name: 'future', schemaVersion: PROFILE_SCHEMA_VERSION + 1 };
    writeFileSync(join(profiles, 'future.json'), JSON.stringify(newer));
    writeFileSync(join(profiles, 'Not A Profile.json'), '{}');
    const listing = await repository.list();
    expect(listing.profiles.map((p) => p.name)).toEqual(['good']);
    expect(listing.unreadable.map((u) => [u.name, u.error.code])).toEqual([
      ['broken', 'PROFILE_FILE_CORRUPT'],
      ['future', 'PROFILE_FROM_NEWER_VERSION'],
    ]);
    expect(readFileSync(join(profiles, 'broken.json'), 'utf8')).toBe('{"schemaVersion": 1, "name": "bro');
  });

  it('delete removes the file and every keychain entry of the profile', async () => {
    await repository.save(input('gone'), { registry: registryKeys, setup: registryKeys });
    const result = await repository.delete('gone');
    expect(result.deletedSecrets.sort()).toEqual(['gone/registry', 'gone/setup']);
    expect(result.secretsLeft).toBe(false);
    expect(await secrets.get('gone', 'registry')).toBeUndefined();
    expect(await secrets.get('gone', 'setup')).toBeUndefined();
    await expect(repository.get('gone')).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });
});

describe('import and export', () => {
  it('exports without secrets or keychain references and imports back under another name', async () => {
    await repository.save(input('src'), { registry: registryKeys });
    const exported = await exportProfile(repository, 'src');
    expect(exported).not.toContain('registry-secret-value');
    expect(exported).not.toContain('AKIAREGISTRY');
    const envelope = JSON.parse(exported);
    expect(envelope).toMatchObject({ format: 'dtr-s3-assistant-profile', profile: { name: 'src', secretRefs: {} } });

    await expect(importProfile(repository, exported)).rejects.toMatchObject({ code: 'PROFILE_EXISTS' });
    const imported = await importProfile(repository, exported, { name: 'copy' });
    expect(imported.profile).toMatchObject({ name: 'copy', secretRefs: {}, storage: { bucket: 'dtr-src' } });
    expect(imported.fromVersion).toBe(PROFILE_SCHEMA_VERSION);
    // Replacing keeps this machine's keychain references of that name.
    const replaced = await importProfile(repository, exported, { overwrite: true });
    expect(replaced.profile.secretRefs).toEqual({ registry: 'src/registry' });
  });

  it.each([
    ['not JSON', 'nope', 'IMPORT_NOT_JSON'],
    ['another JSON file', '{"storage": {}}', 'IMPORT_NOT_A_PROFILE'],
    ['a profile with a secret', JSON.stringify({
      format: 'dtr-s3-assistant-profile',
      profile: { schemaVersion: 1, name: 'x', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
        storage: { provider: 'aws', region: 'us-east-1', bucket: 'b', accesskey: 'AKIA', secretkey: 'leak' } },
    }), 'PROFILE_CONTAINS_SECRETS'],
    ['a profile from a newer app', JSON.stringify({ format: 'dtr-s3-assistant-profile', profile: { schemaVersion: 999 } }), 'PROFILE_FROM_NEWER_VERSION'],
  ])('refuses %s', async (_what, text, code) => {
    await expect(importProfile(repository, text)).rejects.toMatchObject({ code });
    expect((await repository.list()).profiles).toEqual([]);
  });
});

describe('resolveProfile (the CLI --profile seam)', () => {
  it('returns the config and the keys of the asked role from the keychain', async () => {
    await repository.save(input('cli'), { registry: registryKeys, setup: { accessKeyId: 'AKIASETUP', secretAccessKey: 's' } });
    const resolved = await resolveProfile('cli', { repository, secrets });
    expect(resolved.config.bucket).toBe('dtr-cli');
    expect(resolved.credentials).toEqual(registryKeys);
    expect((await resolveProfile('cli', { repository, secrets, role: 'setup' })).credentials?.accessKeyId).toBe('AKIASETUP');
  });

  it('no keys referenced: no credentials (the AWS chain applies); a lost entry is an error', async () => {
    await repository.save(input('role'));
    expect(await resolveProfile('role', { repository, secrets })).toEqual({ config: expect.objectContaining({ bucket: 'dtr-role' }), clientTrust: expect.any(Object) });
    await repository.save(input('lost'), { registry: registryKeys });
    await secrets.delete('lost', 'registry');
    await expect(resolveProfile('lost', { repository, secrets })).rejects.toMatchObject({ code: 'PROFILE_SECRET_MISSING' });
    await expect(resolveProfile('absent', { repository, secrets })).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  it('finds a registry key that provisioning stored without a profile reference', async () => {
    await repository.save(input('provisioned'));
    await createKeychainKeySink(secrets).saveRegistryKey('provisioned', registryKeys);
    expect((await resolveProfile('provisioned', { repository, secrets })).credentials).toEqual(registryKeys);
  });

  it('uses the default data directory from the environment', async () => {
    process.env.DTR_S3_ASSISTANT_DATA_DIR = dataDir;
    try {
      await repository.save(input('envdir'));
      expect((await resolveProfile('envdir', { secrets })).config.bucket).toBe('dtr-envdir');
    } finally {
      delete process.env.DTR_S3_ASSISTANT_DATA_DIR;
    }
  });
});

describe('the provisioning journal inside a profile', () => {
  it('works as provisioning\'s JournalStore: resume, export with the profile, clear', async () => {
    await repository.save(input('journal'));
    const store = new ProfileJournalStore(repository, 'journal');
    const target = { bucket: 'dtr-journal', region: 'us-east-1', endpoint: 'https://rgw.lab:7480', iamUser: 'dtr-storage' };
    const journal = await openJournal(store, target, 'test-installation-0000-0000-000000000000');
    await record(store, journal, 'bucket', { phase: 'intent', createdByUs: false });
    await record(store, journal, 'bucket', { phase: 'done', outcome: 'created', createdByUs: true });
    await record(store, journal, 'access-key', { phase: 'done', outcome: 'created', createdByUs: true, accessKeyId: 'AKIAJOURNAL' });
    // A new process resumes from what the profile holds.
    const resumed = await openJournal(new ProfileJournalStore(createProfileRepository({ dataDir, secrets }), 'journal'), target, 'test-installation-0000-0000-000000000000');
    expect(resumed.steps.bucket).toMatchObject({ phase: 'done', outcome: 'created', createdByUs: true });
    expect(JSON.parse(await exportProfile(repository, 'journal')).profile.provisioningJournal.steps['access-key'].accessKeyId).toBe('AKIAJOURNAL');
    await store.clear();
    expect(await store.load()).toBeUndefined();
    expect((await repository.get('journal')).provisioningJournal).toBeUndefined();
  });

  it('refuses a journal of another shape, and a profile that does not exist', async () => {
    await repository.save(input('journal-bad'));
    await repository.setProvisioningJournal('journal-bad', { version: 99 });
    await expect(new ProfileJournalStore(repository, 'journal-bad').load()).rejects.toMatchObject({ code: 'JOURNAL_INVALID' });
    await expect(new ProfileJournalStore(repository, 'missing').load()).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });
});

describe('concurrent writers in separate processes', () => {
  let child: Awaited<ReturnType<typeof buildChild>>;
  beforeAll(async () => {
    child = await buildChild(join(import.meta.dirname, 'keychain-child.ts'));
  });
  afterAll(() => child?.remove());

  it('lose no history entry when 4 processes append 15 runs each to one profile', async () => {
    await repository.save(input('busy'));
    const command = { mode: 'append-history', service: secrets.service, dataDir, profile: 'busy', count: 15 };
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runChild(child.script, [JSON.stringify(command)], { HOME: dataDir }, 60_000)),
    );
    for (const run of runs) expect(lastJson(run)).toMatchObject({ step: 'appended', ok: true });
    const history = (await repository.get('busy')).recheckHistory;
    expect(history).toHaveLength(60);
    expect(new Set(history.map((r) => r.probes[0]?.id)).size).toBe(4);
    expect(readdirSync(join(dataDir, 'profiles'))).toEqual(['busy.json']); // no lock or temp file left
  });
});

describe('atomic writes', () => {
  let child: Awaited<ReturnType<typeof buildChild>>;
  beforeAll(async () => {
    child = await buildChild(join(import.meta.dirname, 'keychain-child.ts'));
  });
  afterAll(() => child?.remove());

  it('a process killed mid-write never leaves a torn profile (5 kills at random moments)', async () => {
    await repository.save(input('atomic'));
    const rounds: number[] = [];
    for (let kill = 0; kill < 5; kill++) {
      const proc = spawn(process.execPath, [child.script, JSON.stringify({ mode: 'rewrite-loop', service: secrets.service, dataDir, profile: 'atomic' })], {
        env: { PATH: process.env.PATH, HOME: dataDir },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      // Wait until the writer has finished a second round (so a later round than the seed exists even on a
      // loaded machine), then kill it at a random moment of the rewrites that follow.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('rewrite loop wrote no second round in 20 s')), 20_000);
        proc.stdout.on('data', (chunk: Buffer) => {
          if (/"step":"round","ok":true,"value":[1-9]/.test(chunk.toString())) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      proc.kill('SIGKILL');
      await exited;
      // Whatever moment the kill hit: the profile reads back whole and valid.
      const journal = (await repository.get('atomic')).provisioningJournal as { round: number; padding: string };
      expect(journal.padding.length).toBeGreaterThanOrEqual(200_000);
      rounds.push(journal.round);
      // The killed writer may have left its lock: the next write takes it over at once (its pid is gone).
      const t = performance.now();
      const lag = startLagMeter();
      await repository.setProvisioningJournal('atomic', { round: 0, padding: 'y'.repeat(200_000) });
      expect(performance.now() - t).toBeLessThan(2_000 + lag.stop());
    }
    expect(rounds.some((round) => round > 0)).toBe(true);
    // No lock and no temporary file of a killed writer is left once a write has run.
    expect(readdirSync(join(dataDir, 'profiles'))).toEqual(['atomic.json']);
  });
});
