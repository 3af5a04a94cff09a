import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { startHarness } from '../../../electron/harness/server';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { contract } from '../../../shared/contract';
import { provisionResultSchema } from '../../../shared/channels/provision';
import { callApi } from '../shell/harness-http';
import { scanBytes } from './secret-scanner';

// A secret typed in the wizard goes renderer → keychain and never comes back: a resume names the key and
// says it is stored. Planted secrets, the real keychain, the real handler table and contract validation.
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const secrets = createSecretStore({ service: `dtr-s3-test-load-${randomBytes(4).toString('hex')}` });
const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-load-state-'));
const services = createProfileServices({ dataDir, secrets, debounceMs: 20 });
const table = createHandlerTable({ profiles: services });
const context = () => ({ emitProgress: () => {}, signal: new AbortController().signal });
const call = (channel: string, request: unknown) => dispatch(table, channel, request, context());
const planted = { setup: `SETUP-${randomBytes(20).toString('hex')}`, registry: `REGISTRY-${randomBytes(20).toString('hex')}` };

afterAll(async () => {
  services.wizard.dispose();
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('wizard.loadState', () => {
  it('names the stored keys and never carries a secret', async () => {
    const first = await call('wizard.loadState', {});
    expect(first).toMatchObject({ ok: true, value: { keys: {} } });
    const { session } = (first as { value: { session: string } }).value;
    for (const role of ['setup', 'registry'] as const) {
      expect(await call('wizard.saveDraftSecret', { role, credentials: { accessKeyId: `AKIA${role.toUpperCase()}`, secretAccessKey: planted[role] } }))
        .toEqual({ ok: true, value: {} });
    }
    expect((await call('wizard.saveState', { session, step: 'storage', values: { dtrUrl: 'https://dtr.lab' } })).ok).toBe(true);
    services.wizard.flush();

    const resumed = await call('wizard.loadState', {});
    expect(resumed).toMatchObject({
      ok: true,
      value: { state: { step: 'storage' }, keys: { setup: { accessKeyId: 'AKIASETUP', stored: true }, registry: { accessKeyId: 'AKIAREGISTRY', stored: true } } },
    });
    const body = JSON.stringify(resumed);
    expect([...scanBytes('loadState', body, planted.setup), ...scanBytes('loadState', body, planted.registry)]).toEqual([]);
    // Positive control: the keychain does hold them (so "not in the answer" is not "nowhere").
    expect((await secrets.getCredentials('@wizard-draft', 'registry'))?.secretAccessKey).toBe(planted.registry);
  });

  it('the result schema has no place for a secret, and provisioning results drop one', () => {
    const leaky = { keys: { registry: { accessKeyId: 'AKIA', stored: true, secretAccessKey: planted.registry } }, session: 's', problems: [] };
    expect(contract['wizard.loadState'].result.safeParse(leaky).success).toBe(false);
    const provisioned = provisionResultSchema.parse({ steps: [], policyJson: '{}', accessKeyId: 'AKIANEW', secretAccessKey: planted.registry });
    expect(JSON.stringify(provisioned)).not.toContain(planted.registry);
    expect(provisioned.accessKeyId).toBe('AKIANEW');
  });

  it('profiles.save with draftKeys copies the draft\'s registry key in main; the answer holds only its account name', async () => {
    const key = { accessKeyId: 'AKIADRAFTCOPY', secretAccessKey: planted.registry };
    expect((await call('wizard.saveDraftSecret', { role: 'registry', credentials: key })).ok).toBe(true);
    const saved = await call('profiles.save', { profile: { name: 'from-draft', storage: { provider: 'aws', region: 'eu-west-1', bucket: 'dtr-draft' } }, draftKeys: true });
    expect(saved).toMatchObject({ ok: true, value: { secretRefs: { registry: expect.any(String) } } });
    expect(scanBytes('profiles.save', JSON.stringify(saved), planted.registry)).toEqual([]);
    expect(await secrets.getCredentials('from-draft', 'registry')).toEqual(key);
  });

  it('a save from a page that loaded before a clear is refused', async () => {
    const { session: old } = ((await call('wizard.loadState', {})) as { value: { session: string } }).value;
    const cleared = await call('wizard.clearState', {});
    expect(cleared).toMatchObject({ ok: true, value: { session: expect.any(String) } });
    const stale = await call('wizard.saveState', { session: old, step: 'export', values: { exportedTo: '/tmp/old' } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'WIZARD_STATE_STALE' } });
    const fresh = await call('wizard.saveState', { session: (cleared as { value: { session: string } }).value.session, step: 'target', values: {} });
    expect(fresh.ok).toBe(true);
    services.wizard.flush();
    expect(((await call('wizard.loadState', {})) as { value: { state?: { step: string } } }).value.state?.step).toBe('target');
  });
});

describe('harnesses one after another on one data directory (as e2e tests run)', () => {
  it('each owns its wizard state: closing writes what it was sent, and nothing of it lands after the next one cleared', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-harness-state-'));
    const statePath = join(dir, 'wizard-state.json');
    // The first harness's debounce is too long to fire during the test, so only close() can write its save.
    const own = (debounceMs?: number) => () => createProfileServices({ dataDir: dir, secrets, ...(debounceMs ? { debounceMs } : {}) });
    const api = async (harness: { port: number; token: string }, channel: string, request: unknown) =>
      (await callApi(harness.port, harness.token, channel, JSON.stringify(request))).json() as Promise<{ ok: boolean; value?: { session?: string } }>;
    try {
      const first = await startHarness({ createProfiles: own(10 * 60_000) });
      const { value } = await api(first, 'wizard.loadState', {});
      expect((await api(first, 'wizard.saveState', { session: value?.session, step: 'export', values: { exportedTo: '/tmp/old' } })).ok).toBe(true);
      expect(existsSync(statePath)).toBe(false); // still within the debounce
      await first.close();
      expect(JSON.parse(readFileSync(statePath, 'utf8'))).toMatchObject({ step: 'export' });

      const second = await startHarness({ createProfiles: own() });
      expect((await api(second, 'wizard.clearState', {})).ok).toBe(true);
      // Past the default debounce: a stray save's timer in this process would have fired before this one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(existsSync(statePath)).toBe(false);
      expect((await api(second, 'wizard.loadState', {})).value).toMatchObject({ keys: {} });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
