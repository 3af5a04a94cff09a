import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { WIZARD_DRAFT_OWNER, WIZARD_STATE_SCHEMA_VERSION } from '../../../shared/profile';
import { buildChild } from './child-bundle';

const dbusAddress = inject('dbusAddress');
process.env.DBUS_SESSION_BUS_ADDRESS = dbusAddress;
const service = `dtr-s3-test-wizard-${randomBytes(4).toString('hex')}`;
const secrets = createSecretStore({ service });
const dirs: string[] = [];
let dataDir = '';

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-wizard-'));
  dirs.push(dataDir);
  await secrets.deleteOwner(WIZARD_DRAFT_OWNER);
});
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const services = (debounceMs = 100) => createProfileServices({ dataDir, secrets, debounceMs });
const statePath = () => join(dataDir, 'wizard-state.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('wizard state', () => {
  it('debounces saves while typing: one write with the last values', async () => {
    const { wizard } = services(150);
    for (const dtrUrl of ['d', 'dt', 'dtr', 'dtr-', 'dtr-lab']) wizard.save({ step: 'bucket', values: { dtrUrl } });
    expect(existsSync(statePath())).toBe(false);
    await vi.waitFor(() => expect(existsSync(statePath())).toBe(true), { timeout: 10_000 });
    const onDisk = JSON.parse(readFileSync(statePath(), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: WIZARD_STATE_SCHEMA_VERSION, step: 'bucket', values: { dtrUrl: 'dtr-lab' } });
  });

  it('while typing goes on, still writes at least every maxWaitMs (a crash loses about a second at most)', async () => {
    const { wizard } = createProfileServices({ dataDir, secrets, debounceMs: 200, maxWaitMs: 400 });
    const seen = new Set<string>();
    for (let i = 1; i <= 30; i++) {
      wizard.save({ step: 'bucket', values: { dtrUrl: `b${i}` } });
      await sleep(50); // never a 200 ms pause: the debounce alone would not write until the end
      if (existsSync(statePath())) seen.add(String(JSON.parse(readFileSync(statePath(), 'utf8')).values.dtrUrl));
    }
    // 30 × 50 ms = 1.5 s of typing: at least two writes of intermediate values along the way.
    expect([...seen].filter((url) => url !== 'b30').length).toBeGreaterThanOrEqual(2);
    wizard.flush();
    expect(JSON.parse(readFileSync(statePath(), 'utf8')).values.dtrUrl).toBe('b30');
  });

  it('resumes after a restart at the same step with the same values; of the keys, only that the keychain holds them', async () => {
    const first = services();
    first.wizard.save({ step: 'iam', values: { config: { provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-lab', chunksize: 10485760 } } });
    await first.wizard.saveDraftSecret('setup', { accessKeyId: 'AKIADRAFT', secretAccessKey: 'draft-secret' });
    first.wizard.flush();
    expect(readFileSync(statePath(), 'utf8')).not.toContain('draft-secret');

    const resumed = await services().wizard.load(); // a new process would build new services
    expect(resumed.problems).toEqual([]);
    expect(resumed.state).toMatchObject({ step: 'iam', values: { config: { bucket: 'dtr-lab', chunksize: 10485760 } } });
    expect(resumed.keys).toEqual({ setup: { accessKeyId: 'AKIADRAFT', stored: true } });
    expect(JSON.stringify(resumed)).not.toContain('draft-secret');
    expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'setup')).toEqual({ accessKeyId: 'AKIADRAFT', secretAccessKey: 'draft-secret' });
  });

  it('continuing a saved profile copies that profile\'s keys into the draft, in main; the answer names them only', async () => {
    const { profiles, wizard } = services();
    const keys = { accessKeyId: 'AKIAPROFILE', secretAccessKey: 'profile-secret' };
    await profiles.save({ name: 'lab', storage: { provider: 'aws', region: 'eu-west-1', bucket: 'dtr-lab' } }, { registry: keys });
    wizard.save({ step: 'validate', profileName: 'lab', values: {} });
    const resumed = await wizard.load();
    expect(resumed.keys).toEqual({ registry: { accessKeyId: 'AKIAPROFILE', stored: true } });
    expect(JSON.stringify(resumed)).not.toContain('profile-secret');
    expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry')).toEqual(keys);
  });

  it('"continue a saved profile" replaces a stale draft registry key with the profile\'s, keeps the typed setup key, and answers without secrets', async () => {
    const { profiles, wizard } = services();
    const profileKey = { accessKeyId: 'AKIAPROFILE2', secretAccessKey: 'profile-secret-2' };
    const staleDraft = { accessKeyId: 'AKIASTALE', secretAccessKey: 'stale-secret' };
    const typedSetup = { accessKeyId: 'AKIASETUP', secretAccessKey: 'setup-secret' };
    await profiles.save({ name: 'prod', storage: { provider: 'aws', region: 'eu-west-1', bucket: 'dtr-prod' } }, { registry: profileKey });
    await wizard.saveDraftSecret('registry', staleDraft);
    await wizard.saveDraftSecret('setup', typedSetup);

    const continued = await wizard.continueProfile('prod');
    expect(continued.profile.name).toBe('prod');
    expect(continued.keys).toEqual({
      registry: { accessKeyId: 'AKIAPROFILE2', stored: true },
      setup: { accessKeyId: 'AKIASETUP', stored: true },
    });
    for (const secret of ['profile-secret-2', 'stale-secret', 'setup-secret']) expect(JSON.stringify(continued)).not.toContain(secret);
    expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry')).toEqual(profileKey);
    expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'setup')).toEqual(typedSetup);

    // A profile without a registry key leaves no older draft key behind to sign for it.
    await profiles.save({ name: 'bare', storage: { provider: 'aws', region: 'eu-west-1', bucket: 'dtr-bare' } });
    expect((await wizard.continueProfile('bare')).keys.registry).toBeUndefined();
    expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry')).toBeUndefined();
  });

  it('a save from before a clear never lands after it, and a disposed store writes what it had, then nothing', async () => {
    const { wizard } = services(100);
    const { session: before } = await wizard.load();
    wizard.save({ step: 'export', values: { exportedTo: '/tmp/old-bundle' } }, before);
    const { session: after } = await wizard.clear(); // drops the pending write…
    expect(after).not.toBe(before);
    // …and a page that loaded before the clear cannot write its old state back.
    expect(() => wizard.save({ step: 'export', values: { exportedTo: '/tmp/old-bundle' } }, before)).toThrow(
      expect.objectContaining({ code: 'WIZARD_STATE_STALE' }),
    );
    await sleep(250);
    expect(existsSync(statePath())).toBe(false);
    expect((await wizard.load()).state).toBeUndefined();
    wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab' } }, after);
    wizard.dispose(); // the owner goes away: the pending save is written at once…
    expect(JSON.parse(readFileSync(statePath(), 'utf8'))).toMatchObject({ step: 'target' });
    expect(() => wizard.save({ step: 'bucket', values: {} }, after)).toThrow(expect.objectContaining({ code: 'WIZARD_STATE_CLOSED' }));
    await sleep(250); // …and nothing after it
    expect(JSON.parse(readFileSync(statePath(), 'utf8'))).toMatchObject({ step: 'target' });
  });

  it('refuses secrets and invalid state, and clear forgets everything', async () => {
    const { wizard } = services();
    expect(() => wizard.save({ step: 'target', values: { secretKey: 'typed' } as never })).toThrow(
      expect.objectContaining({ code: 'WIZARD_STATE_HAS_SECRETS' }),
    );
    expect(() => wizard.save({ step: '', values: {} })).toThrow(expect.objectContaining({ code: 'WIZARD_STATE_INVALID' }));
    wizard.save({ step: 'target', values: { dtrUrl: 'https://dtr.lab' } });
    await wizard.saveDraftSecret('registry', { accessKeyId: 'AKIA', secretAccessKey: 'x' });
    await wizard.clear();
    expect(existsSync(statePath())).toBe(false);
    expect(await secrets.get(WIZARD_DRAFT_OWNER, 'registry')).toBeUndefined();
    expect(await wizard.load()).toEqual({ keys: {}, session: expect.any(String), problems: [] });
  });

  describe('after a crash', () => {
    let child: Awaited<ReturnType<typeof buildChild>>;
    beforeAll(async () => {
      child = await buildChild(join(import.meta.dirname, 'keychain-child.ts'));
    });
    afterAll(() => child?.remove());

    it('a killed process resumes at the same step with the same values, its key still in the keychain', async () => {
      const secret = `crash-${randomBytes(8).toString('hex')}`;
      const proc = spawn(process.execPath, [child.script, JSON.stringify({ mode: 'wizard-then-hang', service, secret, dataDir })], {
        env: { PATH: process.env.PATH, HOME: dataDir, DBUS_SESSION_BUS_ADDRESS: dbusAddress },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child did not save within 20 s: ${out}`)), 20_000);
        proc.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('"step":"saved"')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      proc.kill('SIGKILL'); // no teardown, no flush: what a crash or a power cut leaves
      expect(await exited).toBe('SIGKILL');
      const resumed = await services().wizard.load();
      expect(resumed.state).toMatchObject({ step: 'bucket', values: { dtrUrl: `typed-${'x'.repeat(20)}` } });
      expect(resumed.keys.setup).toEqual({ accessKeyId: 'AKIADRAFT', stored: true });
      expect(await secrets.getCredentials(WIZARD_DRAFT_OWNER, 'setup')).toEqual({ accessKeyId: 'AKIADRAFT', secretAccessKey: secret });
      expect(readFileSync(statePath(), 'utf8')).not.toContain(secret);
    });
  });
});
