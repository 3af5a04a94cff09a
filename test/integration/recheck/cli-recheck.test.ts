import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runProfileCheck, type ProfileCheckJson } from '../../../electron/cli/commands/check-profile';
import { runProfilesList, type ProfilesIo } from '../../../electron/cli/commands/profiles';
import { runCli } from '../../../electron/cli/index';
import { createProfileServices } from '../../../electron/services/profiles';
import { DATA_DIR_ENV } from '../../../electron/services/profiles/data-dir';
import { buildCliBundle, type BuiltCli } from '../../services/built-cli';
import { radosgwAdmin } from '../../services/rgw';

// The scenario against a real RGW and a real keychain: a saved profile passes, its key is
// rotated in RGW (the old one removed), the next check exits 1 with the unknown-key diagnosis, and the
// history holds both runs with the change flagged.
const rgw = inject('rgw');
const dbusAddress = inject('dbusAddress');
process.env.DBUS_SESSION_BUS_ADDRESS = dbusAddress;
const suffix = randomBytes(4).toString('hex');
const uid = `recheck-cli-${suffix}`;
const bucket = `recheck-cli-${suffix}`;
const name = `recheck-${suffix}`;
const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-recheck-cli-'));
const services = createProfileServices({ dataDir });
let oldKeys: { accessKeyId: string; secretAccessKey: string };

type UserInfo = { keys: { access_key: string; secret_key: string }[] };
const keysOf = (info: unknown) => (info as UserInfo).keys.map((k) => ({ accessKeyId: k.access_key, secretAccessKey: k.secret_key }));

function capture(): ProfilesIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    env: {} as Record<string, string | undefined>,
    services: async () => services,
  };
  return io;
}

beforeAll(async () => {
  [oldKeys] = keysOf(await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as [typeof oldKeys];
  const owner = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: oldKeys });
  await owner.send(new CreateBucketCommand({ Bucket: bucket }));
  owner.destroy();
  await services.profiles.save(
    {
      name,
      storage: { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, secure: true, forcepathstyle: true, ca: rgw.caPem, rootdirectory: '/dtr' },
    },
    { registry: oldKeys },
  );
});

afterAll(async () => {
  await services.profiles.delete(name, { force: true }).catch(() => undefined);
  await radosgwAdmin(rgw, ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('check --profile NAME against RGW, before and after a key rotation', () => {
  it('passes with the stored key (exit 0) and records the run', async () => {
    const io = capture();
    expect(await runProfileCheck({ profile: name, json: true }, io)).toBe(0);
    const json = JSON.parse(io.out) as ProfileCheckJson;
    expect(Object.keys(json)).toEqual(['probes', 'totalMs', 'profile', 'passed', 'run', 'changes']);
    expect(json).toMatchObject({ profile: name, passed: true, changes: null });
    expect(json.run.status).not.toBe('fail');
    expect(json.probes.find((p) => p.id === 'credentials')?.status).toBe('pass');
    expect(io.out).not.toContain(oldKeys.secretAccessKey);
    expect((await services.profiles.get(name)).recheckHistory).toHaveLength(1);
  });

  it('after the key is rotated in RGW: exit 1, the unknown-key diagnosis, and the change flagged in the history', async () => {
    await radosgwAdmin(rgw, ['key', 'rm', `--uid=${uid}`, `--access-key=${oldKeys.accessKeyId}`]);
    const rotated = keysOf(await radosgwAdmin(rgw, ['key', 'create', `--uid=${uid}`, '--key-type=s3', '--gen-access-key', '--gen-secret']));
    expect(rotated.map((k) => k.accessKeyId)).not.toContain(oldKeys.accessKeyId);

    const io = capture();
    expect(await runProfileCheck({ profile: name, history: true }, io)).toBe(1);
    expect(io.out).toMatch(/^FAIL {2}credentials .*\n {6}UNKNOWN_ACCESS_KEY: .*does not know this access key/m);
    expect(io.out).toMatch(/^CHANGED since the previous run \(.+\): (pass|warn) -> fail, started failing$/m);
    expect(io.out).toMatch(/^ {2}credentials: pass -> fail \(UNKNOWN_ACCESS_KEY\) \[regressed\]$/m);
    expect(io.out).toContain(`Recorded in the history of "${name}" (2 runs).`);
    // --history: both runs, newest first
    expect(io.out).toMatch(/^STARTED +STATUS +DURATION +FAILING\n\S+ +fail +\d+ ms +credentials \(UNKNOWN_ACCESS_KEY\)\n\S+ +(pass|warn) +\d+ ms +-$/m);

    const history = (await services.profiles.get(name)).recheckHistory;
    expect(history.map((r) => r.status)).toEqual([expect.stringMatching(/^(pass|warn)$/), 'fail']);
    expect(history[1]!.probes.find((p) => p.id === 'credentials')).toMatchObject({ status: 'fail', code: 'UNKNOWN_ACCESS_KEY' });

    // The JSON form of the same state, with --history: the change is data, not only text.
    const again = capture();
    expect(await runProfileCheck({ profile: name, json: true, history: true }, again)).toBe(1);
    const json = JSON.parse(again.out) as ProfileCheckJson;
    expect(json.passed).toBe(false);
    expect(json.probes.find((p) => p.id === 'credentials')?.diagnosis).toMatchObject({ code: 'UNKNOWN_ACCESS_KEY', cause: 'InvalidAccessKeyId' });
    expect(json.changes).toMatchObject({ status: { to: 'fail' }, startedFailing: false, changes: [] }); // fail -> fail: nothing new
    expect(json.history).toHaveLength(3);

    // With the new key stored, the profile recovers.
    await services.profiles.setSecret(name, 'registry', rotated[0]!);
    const fixed = capture();
    expect(await runProfileCheck({ profile: name, json: true }, fixed)).toBe(0);
    const recovered = JSON.parse(fixed.out) as ProfileCheckJson;
    expect(recovered.changes).toMatchObject({ recovered: true, startedFailing: false });
    expect(recovered.changes?.changes.find((c) => c.id === 'credentials')).toMatchObject({ kind: 'recovered', from: { status: 'fail', code: 'UNKNOWN_ACCESS_KEY' }, to: { status: 'pass' } });
    expect(fixed.out + io.out + again.out).not.toContain(rotated[0]!.secretAccessKey);
  });

  it('profiles list shows the last re-check; a missing profile exits 2 and records nothing', async () => {
    const list = capture();
    expect(await runProfilesList({ json: true }, list)).toBe(0);
    const summary = (JSON.parse(list.out) as { profiles: { name: string; lastRecheck?: { status: string } }[] }).profiles.find((p) => p.name === name);
    expect(summary?.lastRecheck?.status).toMatch(/^(pass|warn)$/);

    const missing = capture();
    expect(await runProfileCheck({ profile: `absent-${suffix}` }, missing)).toBe(2);
    expect(missing.err).toMatch(/^error: PROFILE_NOT_FOUND: .*\n {2}fix: /);
    expect(missing.out).toBe('');
  });
});

describe('the built CLI (spawned), as cron or CI runs it', () => {
  let built: BuiltCli;
  beforeAll(async () => {
    built = await buildCliBundle('cli-recheck');
  }, 180_000);
  afterAll(() => built?.remove());

  it('exit codes 0 / 2 and the documented JSON through bin/dtr-s3-assistant.js', async () => {
    const env = { [DATA_DIR_ENV]: dataDir, DBUS_SESSION_BUS_ADDRESS: dbusAddress };
    const passed = await built.cli(['check', '--profile', name, '--json', '--history'], env);
    expect(passed.code, passed.stderr).toBe(0); // the rotated key was stored above: the profile passes again
    const json = JSON.parse(passed.stdout) as ProfileCheckJson;
    expect(json).toMatchObject({ profile: name, passed: true });
    expect(json.history?.length).toBeGreaterThanOrEqual(5);
    expect((await built.cli(['check', '--profile', `absent-${suffix}`], env)).code).toBe(2);
    expect((await built.cli(['check', '--profile', name, '--bogus'], env)).code).toBe(2);
    const noKeychain = await built.cli(['check', '--profile', name], { [DATA_DIR_ENV]: dataDir });
    expect(noKeychain.code).toBe(2);
    expect(noKeychain.stderr).toMatch(/KEYCHAIN_NO_SESSION_BUS/);
  });
});

describe('check argument rules (the real command line, in process)', () => {
  async function exitCodeOf(args: string[]): Promise<number> {
    process.exitCode = undefined;
    await runCli(['node', 'dtr-s3-assistant', 'check', ...args]);
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    process.exitCode = undefined;
    return code;
  }

  it('exits 2 for --history without --profile, for both sources, and for none', async () => {
    expect(await exitCodeOf(['--config', join(dataDir, 'x.json'), '--history'])).toBe(2);
    expect(await exitCodeOf(['--config', join(dataDir, 'x.json'), '--profile', name])).toBe(2);
    expect(await exitCodeOf(['--json'])).toBe(2);
  });
});
