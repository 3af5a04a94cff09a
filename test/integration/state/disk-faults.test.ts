import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { runProfileCheck, type ProfileCheckIo } from '../../../electron/cli/commands/check-profile';
import { runProfilesExport, runProfilesImport, type ProfilesIo } from '../../../electron/cli/commands/profiles';
import { createProfileServices, type ProfileServices } from '../../../electron/services/profiles';
import { exportProfile } from '../../../electron/services/profiles/profile-transfer';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { mountTinyDisk, type TinyDisk } from './mounts';

// Issue 14, item 9: on a full or read-only disk, `check --profile` and `profiles import` crashed with a raw
// stack and exit 1 (what cron setups alert on as "a probe failed"). Now: exit 2, the path and the fix.
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const secrets = createSecretStore({ service: `dtr-s3-test-disk-${randomBytes(4).toString('hex')}` });
const scratch = mkdtempSync(join(tmpdir(), 'dtr-s3-disk-src-'));
let disk: TinyDisk | undefined;
afterEach(() => {
  disk?.unmount();
  disk = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A closed loopback port: every probe fails at once and nothing leaves the machine.
const storage = { provider: 's3-compatible' as const, region: 'us-east-1', bucket: 'dtr-disk', regionendpoint: 'http://127.0.0.1:9', secure: false, forcepathstyle: true };

function io(services: ProfileServices): ProfilesIo & ProfileCheckIo & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    stdout: (text: string) => void (captured.out += text),
    stderr: (text: string) => void (captured.err += text),
    env: {} as Record<string, string | undefined>,
    services: async () => services,
  };
  return captured;
}

async function exportedFile(): Promise<string> {
  const source = createProfileServices({ dataDir: join(scratch, randomBytes(4).toString('hex')), secrets });
  await source.profiles.save({ name: 'lab', storage });
  const file = join(scratch, `lab-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, await exportProfile(source.profiles, 'lab'));
  return file;
}

const faults = [
  ['ENOSPC', 'DISK_FULL', (d: TinyDisk) => d.fill()],
  ['EROFS', 'DISK_READ_ONLY', (d: TinyDisk) => d.readOnly()],
] as const;

describe.each(faults)('a data directory that refuses writes (%s)', (_, code, inject) => {
  it('profiles import exits 2 with the path and the fix, never a stack', async () => {
    const file = await exportedFile();
    disk = mountTinyDisk();
    const services = createProfileServices({ dataDir: disk.dir, secrets });
    inject(disk);
    const captured = io(services);
    expect(await runProfilesImport(file, {}, captured)).toBe(2);
    expect(captured.err).toContain(`error: ${code}:`);
    expect(captured.err).toContain(disk.dir);
    expect(captured.err).toContain('fix:');
    expect(captured.err).not.toMatch(/\n\s+at /);
  });

  it('profiles export --out exits 2 naming the chosen file, with a fix for that file, and leaves no partial file', async () => {
    const services = createProfileServices({ dataDir: join(scratch, randomBytes(4).toString('hex')), secrets });
    await services.profiles.save({ name: 'lab', storage });
    disk = mountTinyDisk();
    inject(disk);
    const out = join(disk.dir, 'lab.json');
    const captured = io(services);
    expect(await runProfilesExport('lab', { out }, captured)).toBe(2);
    expect(captured.err).toContain(`error: ${code}: Cannot write ${out}:`);
    expect(captured.err).toContain('fix:');
    // The app's data folder is not where this file goes: its fix would send the user the wrong way.
    expect(captured.err).not.toContain('DTR_S3_ASSISTANT_DATA_DIR');
    expect(captured.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(disk.dir).filter((f) => !f.startsWith('.filler-'))).toEqual([]);
  });

  it('check --profile exits 2 (not 1) when the run cannot be recorded', async () => {
    disk = mountTinyDisk();
    const services = createProfileServices({ dataDir: disk.dir, secrets });
    await services.profiles.save({ name: 'lab', storage });
    inject(disk);
    const captured = io(services);
    expect(await runProfileCheck({ profile: 'lab', probeTimeout: 2_000, deadline: 10_000 }, captured)).toBe(2);
    expect(captured.err).toContain(`error: ${code}:`);
    expect(captured.err).toContain(join(disk.dir, 'profiles'));
    expect(captured.err).not.toMatch(/\n\s+at /);
  });
});

describe('a file where the data directory expects a folder (EACCES-like, as root)', () => {
  it('profiles import exits 2 naming the path', async () => {
    const file = await exportedFile();
    const dataDir = join(scratch, `blocked-${randomBytes(4).toString('hex')}`);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'profiles'), 'not a folder');
    const captured = io(createProfileServices({ dataDir, secrets }));
    expect(await runProfilesImport(file, {}, captured)).toBe(2);
    expect(captured.err).toMatch(/error: DISK_NO_ACCESS: .*profiles/);
    expect(captured.err).not.toMatch(/\n\s+at /);
  });
});

describe('profiles import of something that is not a readable file', () => {
  const services = () => createProfileServices({ dataDir: join(scratch, `import-${randomBytes(4).toString('hex')}`), secrets });

  it('a device (/dev/zero, endless) is refused at once as not a regular file, not read without end', async () => {
    const captured = io(services());
    expect(await runProfilesImport('/dev/zero', {}, captured)).toBe(2);
    expect(captured.err).toContain('error: FILE_NOT_REGULAR: /dev/zero is not a regular file');
    expect(captured.err).not.toMatch(/\n\s+at /);
  });

  it('a missing file says so, with the fix', async () => {
    const missing = join(scratch, 'no-such-profile.json');
    const captured = io(services());
    expect(await runProfilesImport(missing, {}, captured)).toBe(2);
    expect(captured.err).toContain(`error: IMPORT_UNREADABLE: Cannot read ${missing}: there is no such file.`);
    expect(captured.err).toContain('fix: Check the path of the exported profile.');
  });

  it('a file over the size limit (the same limit as over IPC) is refused before it is parsed', async () => {
    const big = join(scratch, 'big-profile.json');
    writeFileSync(big, ' '.repeat(1024 * 1024 + 1));
    const captured = io(services());
    expect(await runProfilesImport(big, {}, captured)).toBe(2);
    expect(captured.err).toContain('error: FILE_TOO_LARGE:');
  });
});
