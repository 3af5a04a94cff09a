import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { runExport, type ExportIo } from '../../../electron/cli/commands/export';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';

process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const rgw = inject('rgw');
const work = mkdtempSync(join(tmpdir(), 'cli-export-'));
const secrets = createSecretStore({ service: `dtr-s3-test-export-${randomBytes(4).toString('hex')}` });
const services = createProfileServices({ dataDir: join(work, 'data'), secrets });
afterAll(async () => {
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(work, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const value: ExportIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    env,
    services: async () => services,
  };
  return { io: value, out };
}

const storage = {
  provider: 's3-compatible' as const,
  region: rgw.region,
  bucket: 'cli-export-bucket',
  regionendpoint: rgw.httpsEndpoint,
  forcepathstyle: true,
  ca: rgw.caPem,
};

describe('dtr-s3-assistant export', () => {
  it('--profile: trust choice and DTR host from the profile; secrets only on request, from the keychain', async () => {
    await services.profiles.save(
      { name: 'lab', storage, clientTrust: { dtrHost: 'dtr.lab:4443', mode: 'ca', dtrCaPem: rgw.caPem } },
      { registry: { accessKeyId: 'AKIACLIEXPORT', secretAccessKey: 'cli-export-secret' } },
    );
    const plain = io();
    expect(await runExport({ profile: 'lab', out: join(work, 'lab') }, plain.io)).toBe(0);
    expect(plain.out.stdout).toContain('docker/certs.d/dtr.lab:4443/ca.crt');
    expect(readFileSync(join(work, 'lab', 'registry-config.yml'), 'utf8')).not.toContain('cli-export-secret');

    const secret = io();
    expect(await runExport({ profile: 'lab', out: join(work, 'lab-secret.zip'), zip: true, includeSecrets: true }, secret.io)).toBe(0);
    expect(secret.out.stderr).toMatch(/warning: .*secret key/);
    expect(secret.out.stdout).toContain('registry-config.yml  [secret, 0600]');
    expect(statSync(join(work, 'lab-secret.zip')).mode & 0o777).toBe(0o600);
  });

  it('--profile with --trust and --dtr-host overrides', async () => {
    const r = io();
    expect(await runExport({ profile: 'lab', out: join(work, 'lab-nr'), trust: 'disable-redirect', dtrHost: 'other.lab' }, r.io)).toBe(0);
    expect(parse(readFileSync(join(work, 'lab-nr', 'registry-config.yml'), 'utf8'), { version: '1.1' }).storage.redirect.disable).toBe(true);
    expect(r.out.stdout).toContain('docker/certs.d/other.lab/ca.crt');
  });

  it('--config: keys from the environment only with --include-secrets', async () => {
    const file = join(work, 'config.json');
    writeFileSync(file, JSON.stringify(storage));
    const missing = io();
    expect(await runExport({ config: file, out: join(work, 'c1'), includeSecrets: true }, missing.io)).toBe(2);
    expect(missing.out.stderr).toContain('CREDENTIALS_MISSING');
    const ok = io({ DTR_S3_ACCESS_KEY: 'AKIAENV', DTR_S3_SECRET_KEY: 'env-secret' });
    expect(await runExport({ config: file, out: join(work, 'c2'), includeSecrets: true, dtrHost: 'dtr.lab' }, ok.io)).toBe(0);
    expect(parse(readFileSync(join(work, 'c2', 'registry-config.yml'), 'utf8'), { version: '1.1' }).storage.s3.secretkey).toBe('env-secret');
  });

  it('exit 2 on bad usage: both or neither source, an unknown profile, an existing target, a bad DTR host', async () => {
    const file = join(work, 'config.json');
    expect(await runExport({ out: join(work, 'x1') }, io().io)).toBe(2);
    expect(await runExport({ config: file, profile: 'lab', out: join(work, 'x2') }, io().io)).toBe(2);
    const unknown = io();
    expect(await runExport({ profile: 'nope', out: join(work, 'x3') }, unknown.io)).toBe(2);
    expect(unknown.out.stderr).toMatch(/^error: PROFILE/);
    expect(await runExport({ config: file, out: join(work, 'c2') }, io().io)).toBe(2);
    const badHost = io();
    expect(await runExport({ config: file, out: join(work, 'x4'), dtrHost: 'dtr lab' }, badHost.io)).toBe(2);
    expect(badHost.out.stderr).toContain('TRUST_BAD_DTR_HOST');
  });
  it('--server minio: the bundle carries the mc commands the IAM step shows for MinIO, on the MinIO policy', async () => {
    const config = join(work, 'minio.json');
    writeFileSync(config, JSON.stringify(storage));
    const out = io();
    expect(await runExport({ config, out: join(work, 'minio'), server: 'minio' }, out.io), out.out.stderr).toBe(0);
    expect(out.out.stdout).toContain('iam-commands.sh');
    expect(readFileSync(join(work, 'minio', 'iam-commands.sh'), 'utf8')).toContain(`mc admin policy create 'myminio' 'dtr-storage-cli-export-bucket' 'iam-policy.json'`);
    expect(statSync(join(work, 'minio', 'iam-commands.sh')).mode & 0o111).not.toBe(0);
  });

  it('--profile: the IAM part is the one the wizard showed (saved server, flavour, scope); --server still overrides', async () => {
    const scoped = { ...storage, bucket: 'cli-export-iam', rootdirectory: '/dtr' };
    await services.profiles.save({ name: 'rgw-lab', storage: scoped, iam: { server: 'ceph-rgw', policyFlavor: 'distribution', scopeToRoot: true } }, {});
    const saved = io();
    expect(await runExport({ profile: 'rgw-lab', out: join(work, 'rgw-lab') }, saved.io), saved.out.stderr).toBe(0);
    const commands = readFileSync(join(work, 'rgw-lab', 'iam-commands.sh'), 'utf8');
    expect(commands).toContain("radosgw-admin user create --uid='dtr-storage'");
    // Scoped to the root directory, as the IAM step's box said.
    expect(readFileSync(join(work, 'rgw-lab', 'iam-policy.json'), 'utf8')).toContain('cli-export-iam/dtr/*');
    const minio = io();
    expect(await runExport({ profile: 'rgw-lab', out: join(work, 'rgw-lab-minio'), server: 'minio' }, minio.io), minio.out.stderr).toBe(0);
    expect(readFileSync(join(work, 'rgw-lab-minio', 'iam-commands.sh'), 'utf8')).toContain('mc admin policy create');
    // A profile saved without the IAM step's choice: the generic policy, no server commands.
    const plain = io();
    expect(await runExport({ profile: 'lab', out: join(work, 'lab-generic') }, plain.io)).toBe(0);
    expect(plain.out.stdout).not.toContain('iam-commands.sh');
  });
});
