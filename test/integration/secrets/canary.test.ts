import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  runProfilesDelete,
  runProfilesExport,
  runProfilesImport,
  runProfilesList,
  type ProfilesIo,
} from '../../../electron/cli/commands/profiles';
import { startHarness, type RunningHarness } from '../../../electron/harness/server';
import { createHandlerTable } from '../../../electron/ipc/handler-table';
import { createProfileServices, type ProfileServices } from '../../../electron/services/profiles';
import { resolveProfile } from '../../../electron/services/profiles/resolve-profile';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { callApi } from '../shell/harness-http';
import { scanBytes, scanTree, type Finding } from './secret-scanner';

// The canary: plant a unique secret, run save / load / export / import / delete through the real
// services (over the harness's HTTP API, the CLI functions and the keychain), then scan the profile
// directory, the exports, every log line and every API answer. The secret must appear 0 times.
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const canary = `CANARY-${randomBytes(24).toString('hex')}`;
const accessKeyCanary = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secrets = createSecretStore({ service: `dtr-s3-test-canary-${randomBytes(4).toString('hex')}` });
const root = mkdtempSync(join(tmpdir(), 'dtr-s3-canary-'));
const dataDir = join(root, 'data');
const exportDir = join(root, 'exports');
const controlDir = join(root, 'control');

let services: ProfileServices;
let harness: RunningHarness;
const logs: string[] = [];
const answers: { channel: string; body: string }[] = [];

beforeAll(async () => {
  services = createProfileServices({ dataDir, secrets, debounceMs: 50 });
  harness = await startHarness({ handlers: (deps) => createHandlerTable({ ...deps, profiles: services }) });
  // Everything the services, the harness and the CLI log goes through these.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : String(a))).join(' '));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await harness?.close();
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(root, { recursive: true, force: true });
});

async function api(channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const answer = await callApi(harness.port, harness.token, channel, JSON.stringify(request));
  answers.push({ channel, body: answer.body });
  return answer.json() as { ok: boolean; value?: unknown; error?: { code: string } };
}

const cliIo = (): ProfilesIo => ({
  stdout: (text) => logs.push(`[cli stdout] ${text}`),
  stderr: (text) => logs.push(`[cli stderr] ${text}`),
  env: {},
  services: async () => services,
});

const storage = { provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-canary', regionendpoint: 'https://rgw.lab:7480', forcepathstyle: true };
const keys = { accessKeyId: accessKeyCanary, secretAccessKey: canary };

describe('canary: the planted secret never reaches the disk, a log, an export or an answer', () => {
  it('runs the full cycle, then finds the secret 0 times', async () => {
    // 1. The wizard: typing (no secrets in the values), the key as a keychain draft, then a crash-resume.
    const { session } = (await api('wizard.loadState', {})).value as { session: string };
    expect((await api('wizard.saveDraftSecret', { role: 'registry', credentials: keys })).ok).toBe(true);
    for (const bucket of ['dtr', 'dtr-can', 'dtr-canary']) {
      expect((await api('wizard.saveState', { session, step: 'iam', values: { config: { ...storage, bucket } } })).ok).toBe(true);
    }
    services.wizard.flush();
    // The resume names the stored key by its ID and says it is stored; the secret stays in the keychain
    // (the scan at the end covers this answer too).
    const resumed = await api('wizard.loadState', {});
    expect(resumed.value).toMatchObject({ keys: { registry: { accessKeyId: accessKeyCanary, stored: true } }, state: { step: 'iam' } });
    expect(scanBytes('wizard.loadState', answers.at(-1)!.body, canary)).toEqual([]);

    // 2. Save the profile with its keys, read it back, resolve it as the CLI would, record a re-check.
    expect((await api('profiles.save', { profile: { name: 'canary', storage }, secrets: { registry: keys, setup: keys } })).ok).toBe(true);
    expect((await api('profiles.get', { name: 'canary' })).ok).toBe(true);
    expect((await api('profiles.list', {})).ok).toBe(true);
    const resolved = await resolveProfile('canary', { repository: services.profiles, secrets });
    expect(resolved.credentials?.secretAccessKey).toBe(canary);
    await services.profiles.appendRecheckRun('canary', {
      startedAt: new Date().toISOString(), durationMs: 100, status: 'pass', probes: [{ id: 'credentials', status: 'pass', durationMs: 40 }],
    });
    // Positive control #2: the keychain read itself holds the secret.
    expect(scanBytes('keychain read', (await secrets.get('canary', 'registry')) ?? '', canary).length).toBeGreaterThan(0);

    // 3. Export (API and CLI), import it back (API and CLI), list through the CLI.
    const exported = await api('profiles.export', { name: 'canary' });
    expect(exported.ok).toBe(true);
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(exportDir, 'from-api.json'), (exported.value as { json: string }).json);
    expect(await runProfilesExport('canary', { out: join(exportDir, 'from-cli.json') }, cliIo())).toBe(0);
    expect((await api('profiles.import', { json: (exported.value as { json: string }).json, name: 'canary-copy' })).ok).toBe(true);
    expect(await runProfilesImport(join(exportDir, 'from-cli.json'), { name: 'canary-cli' }, cliIo())).toBe(0);
    expect(await runProfilesList({}, cliIo())).toBe(0);
    expect(await runProfilesList({ json: true }, cliIo())).toBe(0);

    // 4. Attempts to smuggle the secret in are refused, and the refusals do not echo it.
    const smuggled = [
      await api('profiles.save', { profile: { name: 'leak', storage: { ...storage, secretkey: canary } } }),
      await api('wizard.saveState', { session, step: 'iam', values: { secretAccessKey: canary } }),
      await api('profiles.import', { json: JSON.stringify({ format: 'dtr-s3-assistant-profile', profile: { schemaVersion: 1, name: 'leak', storage: { ...storage, secretkey: canary } } }) }),
      await api('profiles.setKeys', { name: 'no-such-profile', role: 'registry', credentials: keys }),
    ];
    expect(smuggled.map((outcome) => outcome.ok)).toEqual([false, false, false, false]);

    // The profile directory while it is full: three profiles and the wizard state.
    const midCycle = scanTree(dataDir, canary);
    expect(midCycle.files).toBe(4);
    expect(midCycle.findings).toEqual([]);

    // 5. Delete everything (API and CLI); the keychain entries go with the profiles.
    expect((await api('profiles.delete', { name: 'canary' })).value).toEqual({
      deletedSecrets: ['canary/setup', 'canary/registry'],
      secretsLeft: false,
    });
    expect(await runProfilesDelete('canary-copy', {}, cliIo())).toBe(0);
    expect(await runProfilesDelete('canary-cli', {}, cliIo())).toBe(0);
    expect((await api('wizard.clearState', {})).ok).toBe(true);
    expect(await secrets.list()).toEqual([]);

    // 6. The scan. Everything written or said during the cycle: every answer, wizard.loadState's included.
    const findings: Finding[] = [];
    const tree = scanTree(dataDir, canary);
    findings.push(...tree.findings, ...scanTree(exportDir, canary).findings);
    for (const line of logs) findings.push(...scanBytes('log', line, canary), ...scanBytes('log', line, accessKeyCanary));
    for (const { channel, body } of answers) findings.push(...scanBytes(`answer ${channel}`, body, canary));
    expect(answers.length).toBeGreaterThanOrEqual(14);
    expect(logs.filter((line) => line.startsWith('[cli stdout]')).length).toBeGreaterThanOrEqual(5);
    expect(readdirSync(exportDir).sort()).toEqual(['from-api.json', 'from-cli.json']);
    for (const file of readdirSync(exportDir)) findings.push(...scanBytes(file, Buffer.from(file), accessKeyCanary));
    expect(findings).toEqual([]);
  });

  it('the scanner finds every encoding it claims to (so 0 above means 0)', () => {
    rmSync(controlDir, { recursive: true, force: true });
    mkdirSync(join(controlDir, 'nested'), { recursive: true });
    writeFileSync(join(controlDir, 'raw.json'), JSON.stringify({ secretkey: canary }));
    writeFileSync(join(controlDir, 'nested', 'utf16.txt'), Buffer.from(`x${canary}x`, 'utf16le'));
    writeFileSync(join(controlDir, 'hex.txt'), Buffer.from(`pre${canary}`).toString('hex'));
    for (let offset = 0; offset < 3; offset++) {
      const blob = Buffer.concat([randomBytes(10 + offset), Buffer.from(canary), randomBytes(7)]);
      writeFileSync(join(controlDir, `b64-${offset}.txt`), blob.toString('base64'));
      writeFileSync(join(controlDir, `b64url-${offset}.txt`), blob.toString('base64url'));
    }
    const { files, findings } = scanTree(controlDir, canary);
    expect(files).toBe(9);
    const found = new Set(findings.map((f) => f.where.slice(controlDir.length + 1)));
    expect([...found].sort()).toEqual(
      ['b64-0.txt', 'b64-1.txt', 'b64-2.txt', 'b64url-0.txt', 'b64url-1.txt', 'b64url-2.txt', 'hex.txt', 'nested/utf16.txt', 'raw.json'],
    );
  });
});
