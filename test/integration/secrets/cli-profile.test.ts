import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runProfilesList, runProfilesSetKeys } from '../../../electron/cli/commands/profiles';
import { cliContext, type CliContext } from '../../../electron/cli/context';
import { runRender } from '../../../electron/cli/commands/render';
import { createProfileServices } from '../../../electron/services/profiles';
import { DATA_DIR_ENV } from '../../../electron/services/profiles/data-dir';
import { buildCliBundle, type BuiltCli } from '../../services/built-cli';

// `--profile NAME` and `profiles …` in-process (the command functions) and once through the built,
// spawned CLI. The CLI uses the app's own keychain service name; the keychain is the suite's private one.
const dbusAddress = inject('dbusAddress');
process.env.DBUS_SESSION_BUS_ADDRESS = dbusAddress;
const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-cli-profile-'));
process.env[DATA_DIR_ENV] = dataDir;
const services = createProfileServices({ dataDir });
const name = `cli-${randomBytes(4).toString('hex')}`;
const secret = `cli-secret-${randomBytes(8).toString('hex')}`;
const keys = { accessKeyId: 'AKIACLIPROFILE', secretAccessKey: secret };

function capture(): CliContext & { out: string; err: string } {
  const seen = { out: '', err: '' };
  return Object.assign(seen, cliContext({ stdout: (text) => void (seen.out += text), stderr: (text) => void (seen.err += text), env: {}, dataDir, services: async () => services }));
}

beforeAll(async () => {
  await services.profiles.save(
    { name, storage: { provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-cli-profile', regionendpoint: 'https://rgw.lab:7480', forcepathstyle: true } },
    { registry: keys },
  );
});
afterAll(async () => {
  await services.profiles.delete(name).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('--profile on render (in-process)', () => {
  it('renders from the saved profile; keys only on request, from the keychain', async () => {
    const plain = capture();
    expect(await runRender({ profile: name, format: 'registry-yaml' }, plain)).toBe(0);
    expect(plain.out).toContain('bucket: dtr-cli-profile');
    expect(plain.out).not.toContain(secret);
    const withKeys = capture();
    expect(await runRender({ profile: name, format: 'dtr-json', includeSecrets: true }, withKeys)).toBe(0);
    expect(JSON.parse(withKeys.out).storage.s3).toMatchObject({ accesskey: 'AKIACLIPROFILE', secretkey: secret });
  });

  it('exits 2 with a clear error for a missing profile, or for both --config and --profile', async () => {
    const missing = capture();
    expect(await runRender({ profile: 'no-such-profile', format: 'dtr-json' }, missing)).toBe(2);
    expect(missing.err).toMatch(/PROFILE_NOT_FOUND[\s\S]*fix: .*profiles list/);
    const both = capture();
    expect(await runRender({ profile: name, config: '/tmp/x.json', format: 'dtr-json' }, both)).toBe(2);
    expect(both.err).toContain('exactly one of --config FILE or --profile NAME');
  });
});

describe('profiles commands (in-process)', () => {
  it('lists profiles and stores keys from the environment only', async () => {
    const io = capture();
    expect(await runProfilesList({}, io)).toBe(0);
    expect(io.out).toMatch(new RegExp(`^${name}\\s+s3-compatible\\s+dtr-cli-profile\\s+https://rgw.lab:7480\\s+never\\s+registry$`, 'm'));
    const noEnv = capture();
    expect(await runProfilesSetKeys(name, { role: 'setup' }, noEnv)).toBe(2);
    expect(noEnv.err).toContain('CREDENTIALS_MISSING');
    const withEnv = capture();
    withEnv.env = { DTR_S3_ACCESS_KEY: 'AKIASETUP', DTR_S3_SECRET_KEY: 'setup-secret' };
    expect(await runProfilesSetKeys(name, { role: 'setup' }, withEnv)).toBe(0);
    expect(await services.secrets.getCredentials(name, 'setup')).toEqual({ accessKeyId: 'AKIASETUP', secretAccessKey: 'setup-secret' });
  });
});

describe('the built CLI (spawned)', () => {
  let built: BuiltCli;
  beforeAll(async () => {
    built = await buildCliBundle('cli-profile');
  }, 180_000);
  afterAll(() => built?.remove());
  const cli = (args: string[], env: Record<string, string>, nodeArgs: string[] = []) =>
    built.cli(args, { [DATA_DIR_ENV]: dataDir, ...env }, nodeArgs);

  it('reads config and keys from the profile through the keychain', async () => {
    const result = await cli(['render', '--profile', name, '--format', 'registry-yaml', '--include-secrets'], { DBUS_SESSION_BUS_ADDRESS: dbusAddress });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`secretkey: ${secret}`);
  });

  it('without a D-Bus session: `profiles list` still works, and a command needing keys exits 2 with the fix', async () => {
    const list = await cli(['profiles', 'list', '--json'], {});
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).profiles.map((p: { name: string }) => p.name)).toContain(name);
    const render = await cli(['render', '--profile', name, '--format', 'dtr-json', '--include-secrets'], {});
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/KEYCHAIN_NO_SESSION_BUS[\s\S]*fix: .*gnome-keyring-daemon/);
    expect(render.stdout + render.stderr).not.toContain(secret);
  });

  it('when keytar cannot load: the CLI starts, lists, and a command needing keys says why (exit 2)', async () => {
    // An ESM resolve hook makes `import('@github/keytar')` fail the way a missing libsecret does.
    const hooks = join(built.work, 'no-keytar.mjs');
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier === '@github/keytar') throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
      return next(specifier, context);
    }`;
    writeFileSync(hooks, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});\n`);
    const noKeytar = (args: string[]) => cli(args, { DBUS_SESSION_BUS_ADDRESS: dbusAddress }, ['--import', hooks]);
    const list = await noKeytar(['profiles', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(name);
    const render = await noKeytar(['render', '--profile', name, '--format', 'dtr-json', '--include-secrets']);
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/KEYCHAIN_MODULE_UNAVAILABLE[\s\S]*fix: .*libsecret/);
  });

  it('imports a profile file and rejects a bad one with exit 2', async () => {
    const exported = await cli(['profiles', 'export', name], {});
    expect(exported.code).toBe(0);
    const file = join(built.work, 'exported.json');
    writeFileSync(file, exported.stdout);
    expect(exported.stdout).not.toContain(secret);
    const imported = await cli(['profiles', 'import', file, '--name', `${name}-copy`], {});
    expect(imported).toMatchObject({ code: 0 });
    writeFileSync(join(built.work, 'bad.json'), '{"format":"something-else"}');
    const bad = await cli(['profiles', 'import', join(built.work, 'bad.json')], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('IMPORT_NOT_A_PROFILE');
    // A copy never had keys, so deleting it needs no keychain.
    expect((await cli(['profiles', 'delete', `${name}-copy`], {})).code).toBe(0);
  });
});
