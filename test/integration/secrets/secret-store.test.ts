import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import type { AppErrorData } from '../../../shared/app-error';
import { buildChild, lastJson, runChild, type ChildRun } from './child-bundle';
import { startBusWithoutServices, startLockedKeyring } from './buses';

process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const service = `dtr-s3-test-store-${randomBytes(4).toString('hex')}`;
const store = createSecretStore({ service });

afterAll(async () => {
  for (const entry of await store.list()) await store.delete(entry.owner, entry.role);
});

describe('secret store on the real gnome-keyring', () => {
  it('sets, gets, lists and deletes per owner and role', async () => {
    expect(await store.set('prod', 'registry', 'reg-secret')).toBe('prod/registry');
    await store.set('prod', 'setup', 'setup-secret');
    await store.set('lab.eu', 'registry', 'lab-secret');
    expect(await store.get('prod', 'registry')).toBe('reg-secret');
    expect(await store.get('prod', 'setup')).toBe('setup-secret');
    const accounts = (await store.list()).map((e) => e.account).sort();
    expect(accounts).toEqual(['lab.eu/registry', 'prod/registry', 'prod/setup']);
    // Overwrite replaces, never duplicates.
    await store.set('prod', 'registry', 'reg-secret-2');
    expect(await store.get('prod', 'registry')).toBe('reg-secret-2');
    expect((await store.list()).filter((e) => e.owner === 'prod')).toHaveLength(2);
    expect(await store.delete('prod', 'registry')).toBe(true);
    expect(await store.delete('prod', 'registry')).toBe(false);
    expect(await store.get('prod', 'registry')).toBeUndefined();
    expect((await store.deleteOwner('prod')).sort()).toEqual(['prod/setup']);
    expect((await store.list()).map((e) => e.account)).toEqual(['lab.eu/registry']);
  });

  it('keeps other services apart and round-trips credentials, including non-ASCII', async () => {
    const other = createSecretStore({ service: `${service}-other` });
    await other.set('prod', 'registry', 'elsewhere');
    const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'sëcret/+=ключ' };
    await store.setCredentials('creds', 'registry', credentials);
    expect(await store.getCredentials('creds', 'registry')).toEqual(credentials);
    expect(await store.get('prod', 'registry')).toBeUndefined();
    expect(await other.deleteOwner('prod')).toEqual(['prod/registry']);
  });

  it('says so when an entry does not hold credentials, and refuses empty secrets', async () => {
    await store.set('broken', 'setup', 'not json');
    await expect(store.getCredentials('broken', 'setup')).rejects.toMatchObject({ code: 'KEYCHAIN_ENTRY_INVALID' });
    await expect(store.set('broken', 'setup', '')).rejects.toMatchObject({ code: 'SECRET_EMPTY' });
    await expect(
      store.setCredentials('broken', 'setup', { accessKeyId: 'AKIA', secretAccessKey: '' }),
    ).rejects.toMatchObject({ code: 'CREDENTIALS_INVALID' });
  });
});

describe('no reachable keychain: a clear error, never a plaintext fallback', () => {
  let child: Awaited<ReturnType<typeof buildChild>>;
  beforeAll(async () => {
    child = await buildChild(join(import.meta.dirname, 'keychain-child.ts'));
  });
  afterAll(() => child?.remove());

  interface StepLine { step: string; ok: boolean; value?: unknown; error?: AppErrorData }
  const canary = `canary-${randomBytes(12).toString('hex')}`;

  /** Run set/get/list/delete in a child with this environment; return each step and prove nothing was written. */
  async function opsWith(env: Record<string, string>): Promise<{ run: ChildRun; steps: Map<string, StepLine> }> {
    const home = mkdtempSync(join(tmpdir(), 'dtr-s3-nokeychain-home-'));
    try {
      const run = await runChild(child.script, [JSON.stringify({ mode: 'secret-ops', service, secret: canary })], {
        HOME: home,
        ...env,
      });
      const steps = new Map(
        run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => {
          const line = JSON.parse(l) as StepLine;
          return [line.step, line] as const;
        }),
      );
      // Nothing in the child's home: no fallback file anywhere.
      const files = readdirSync(home, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(home, f)).isFile());
      for (const file of files) expect(readFileSync(join(home, file), 'utf8')).not.toContain(canary);
      expect(run.stdout + run.stderr).not.toContain(canary);
      return { run, steps };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }

  function expectEveryStepFails(steps: Map<string, StepLine>, code: string): void {
    for (const name of ['set', 'get', 'list', 'delete']) {
      const line = steps.get(name);
      expect(line, `step ${name}`).toBeDefined();
      expect(line?.ok, `step ${name}`).toBe(false);
      expect(line?.error?.code, `step ${name}`).toBe(code);
      expect(line?.error?.fix, `step ${name}`).toMatch(/\S/);
    }
    expect(steps.get('end')?.ok).toBe(true);
  }

  it('no D-Bus session and no $DISPLAY (the "Cannot autolaunch D-Bus" case)', async () => {
    const { steps } = await opsWith({});
    expectEveryStepFails(steps, 'KEYCHAIN_NO_SESSION_BUS');
    expect(steps.get('set')?.error?.cause).toMatch(/autolaunch D-Bus without X11/);
    expect(steps.get('set')?.error?.fix).toMatch(/gnome-keyring-daemon --unlock/);
  });

  it('a session bus address that points at nothing', async () => {
    const { steps } = await opsWith({ DBUS_SESSION_BUS_ADDRESS: `unix:path=/nonexistent/dtr-s3-${randomBytes(4).toString('hex')}` });
    expectEveryStepFails(steps, 'KEYCHAIN_NO_SESSION_BUS');
  });

  it('a session bus without a Secret Service', async () => {
    const bus = await startBusWithoutServices();
    try {
      const { steps } = await opsWith({ DBUS_SESSION_BUS_ADDRESS: bus.address });
      expectEveryStepFails(steps, 'KEYCHAIN_NO_SECRET_SERVICE');
      expect(steps.get('get')?.error?.fix).toMatch(/apt-get install gnome-keyring/);
    } finally {
      bus.stop();
    }
  });

  it('a locked keychain: errors instead of "not found", and no crash when listing', async () => {
    // An item of ours sits in the keyring before it locks: that is what makes keytar crash.
    const keyring = await startLockedKeyring(async (address) => {
      const seeded = await runChild(child.script, [JSON.stringify({ mode: 'seed', service, secret: canary })], {
        DBUS_SESSION_BUS_ADDRESS: address,
      });
      expect(lastJson<StepLine>(seeded)).toMatchObject({ step: 'seed', ok: true });
    });
    try {
      const { run, steps } = await opsWith({ DBUS_SESSION_BUS_ADDRESS: keyring.address });
      // keytar's findCredentials dereferences NULL on a locked item; the store must never call it then.
      expect(run.signal).toBeNull();
      expect(run.code).toBe(0);
      expectEveryStepFails(steps, 'KEYCHAIN_LOCKED');
    } finally {
      keyring.stop();
    }
  });
});
