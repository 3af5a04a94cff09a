import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runExport, type ExportIo } from '../../../electron/cli/commands/export';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { createS3Client } from '../../../electron/services/s3-client';
import { certsDirName } from '../../../shared/trust/cert-layout';
import { freePort } from '../../services/ports';
import { radosgwAdmin } from '../../services/rgw';
import { getNoFollow, scrubbedEnv, startRegistry, type RunningRegistry } from '../../services/registry';
import { issueServerCert, makeCa, type IssuedCert, type ThrowawayCa } from '../../services/tls-certs';

/**
 * THE PROOF of issue 8: a real docker-registry configured only by the exported bundle stores in RGW
 * over TLS, redirects blob downloads to RGW, and a client (skopeo, same trust code as Docker) can pull
 * through the redirect exactly when its cert directory is laid out as the bundle says.
 */
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const rgw = inject('rgw');
const run = promisify(execFile);
const suffix = randomBytes(4).toString('hex');
const bucket = `proof-${suffix}`;
const work = mkdtempSync(join(tmpdir(), 'bundle-proof-'));
const mkimage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry', 'mkimage.sh');
const secrets = createSecretStore({ service: `dtr-s3-test-proof-${suffix}` });
const services = createProfileServices({ dataDir: join(work, 'data'), secrets });
const registries: RunningRegistry[] = [];
let registryCa: ThrowawayCa;
let registryCert: IssuedCert;
let keys: { accessKeyId: string; secretAccessKey: string };

const quietIo = (): ExportIo => ({ stdout: () => undefined, stderr: () => undefined, env: {}, services: async () => services });

/** skopeo with nothing inherited: no SSL_CERT_FILE / SSL_CERT_DIR from the machine. */
function skopeo(args: string[], env: Record<string, string> = {}) {
  return run('skopeo', ['--insecure-policy', ...args], { env: scrubbedEnv(join(work, 'home'), env), timeout: 90_000 }).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, out: `${error.stdout ?? ''}${error.stderr ?? error.message}` }),
  );
}

/** Export from the profile with the CLI's code path, start a registry on `port` from that bundle only. */
async function bundleAndRegistry(name: string, port: number, trust: 'ca' | 'disable-redirect', includeSecrets = false) {
  const out = join(work, `bundle-${name}`);
  const code = await runExport({ profile: 'proof', out, dtrHost: `127.0.0.1:${port}`, trust, includeSecrets }, quietIo());
  expect(code).toBe(0);
  // The bundle's registry-config.yml is used byte for byte. Distribution refuses a file without
  // `version: 0.1`, so that one line is put in front; http (address, TLS) and log come from the
  // REGISTRY_* environment, and the keys from REGISTRY_STORAGE_S3_* as the YAML's comment says
  // (or from the YAML itself when the bundle was made with the secrets opt-in).
  const configPath = join(work, `${name}-config.yml`);
  writeFileSync(configPath, `version: 0.1\n${readFileSync(join(out, 'registry-config.yml'), 'utf8')}`);
  const registry = await startRegistry({
    configPath,
    dir: work,
    name,
    addr: `127.0.0.1:${port}`,
    tls: { certPath: registryCert.certPath, keyPath: registryCert.keyPath, caPem: registryCa.pem },
    env: {
      SSL_CERT_FILE: join(out, 'registry', 'storage-ca.crt'),
      ...(includeSecrets ? {} : { REGISTRY_STORAGE_S3_ACCESSKEY: keys.accessKeyId, REGISTRY_STORAGE_S3_SECRETKEY: keys.secretAccessKey }),
      REGISTRY_LOG_LEVEL: 'info',
    },
  });
  registries.push(registry);
  return { out, registry, certsDir: certsDirName(`127.0.0.1:${port}`) };
}

/** A client cert dir laid out by the bundle's own install script (ROOT prefix, never the real /etc). */
async function clientCertDir(bundle: string, certsDir: string, name: string): Promise<string> {
  const root = join(work, `client-${name}`);
  mkdirSync(root, { recursive: true });
  await run('bash', [join(bundle, 'scripts', 'install-debian.sh')], { env: scrubbedEnv(work, { ROOT: root }), timeout: 30_000 });
  return join(root, 'etc', 'docker', 'certs.d', certsDir);
}

async function layerDigest(registry: RunningRegistry, repo: string): Promise<string> {
  const manifest = await getNoFollow(`${registry.url}/v2/${repo}/manifests/latest`, {
    caPem: registryCa.pem,
    headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  expect(manifest.status).toBe(200);
  return (JSON.parse(manifest.body) as { layers: { digest: string }[] }).layers[0]?.digest as string;
}

beforeAll(async () => {
  // 1. RGW over TLS with its own CA (global setup); a registry user with its own key, owning the bucket.
  const user = (await radosgwAdmin(rgw, ['user', 'create', '--uid', `registry-${suffix}`, '--display-name', 'registry proof'])) as {
    keys: { access_key: string; secret_key: string }[];
  };
  keys = { accessKeyId: user.keys[0]?.access_key as string, secretAccessKey: user.keys[0]?.secret_key as string };
  const storage = { provider: 's3-compatible' as const, region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, rootdirectory: '/proof', ca: rgw.caPem };
  const s3 = createS3Client({ ...storage, secure: true, skipverify: false }, { credentials: keys });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  // The "DTR" side: the registry serves HTTPS with a CA of its own, given to the profile as DTR's CA.
  registryCa = await makeCa(join(work, 'pki'), 'registry');
  registryCert = await issueServerCert(join(work, 'pki'), 'registry-server', { ca: registryCa, sans: ['IP:127.0.0.1'] });
  // 2. The profile the bundles are made from (keys in the real keychain, not in the bundle).
  await services.profiles.save(
    { name: 'proof', storage, clientTrust: { dtrHost: '127.0.0.1', mode: 'ca', dtrCaPem: registryCa.pem } },
    { registry: keys },
  );
  await run('bash', [mkimage, join(work, 'image')], { env: scrubbedEnv(work), timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(registries.map((r) => r.stop()));
  for (const entry of await secrets.list()) await secrets.delete(entry.owner, entry.role);
  rmSync(work, { recursive: true, force: true });
});

describe('the exported bundle runs a real registry on RGW, and its client trust files make pulls work', () => {
  it("redirect on ('ca'): push lands under the root directory, blob GET is a 307 to RGW, pull needs the bundle's storage CA", async () => {
    const { out, registry, certsDir } = await bundleAndRegistry('redirect', await freePort(), 'ca');
    expect(readdirSync(join(out, 'docker', 'certs.d', certsDir)).sort()).toEqual(['ca.crt', 'storage-ca.crt']);
    // 4. push (the registry CA only: pushes go through the registry, never to S3 directly)
    const pushDir = join(work, 'push-certs');
    mkdirSync(pushDir, { recursive: true });
    writeFileSync(join(pushDir, 'ca.crt'), registryCa.pem);
    const push = await skopeo(['copy', '--dest-cert-dir', pushDir, `oci:${join(work, 'image')}:latest`, `docker://${registry.addr}/proof/app:latest`]);
    expect(push.ok, `${push.out}\n${registry.log().slice(-2000)}`).toBe(true);
    const s3 = createS3Client({ provider: 's3-compatible', region: rgw.region, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, secure: true, skipverify: false, ca: rgw.caPem }, { credentials: keys });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'proof/' }));
    s3.destroy();
    const objectKeys = (listed.Contents ?? []).map((o) => o.Key as string);
    expect(objectKeys.some((k) => k.startsWith('proof/docker/registry/v2/blobs/sha256/'))).toBe(true);
    expect(objectKeys).toContain('proof/docker/registry/v2/repositories/proof/app/_manifests/tags/latest/current/link');
    expect(objectKeys.every((k) => k.startsWith('proof/docker/registry/v2/'))).toBe(true);

    // 5. a blob GET answers 307 with a presigned URL on the storage host
    const digest = await layerDigest(registry, 'proof/app');
    const blob = await getNoFollow(`${registry.url}/v2/proof/app/blobs/${digest}`, { caPem: registryCa.pem });
    expect(blob.status).toBe(307);
    const location = new URL(String(blob.headers.location));
    expect(location.origin).toBe(rgw.httpsEndpoint);
    expect(location.pathname).toBe(`/${bucket}/proof/docker/registry/v2/blobs/sha256/${digest.slice(7, 9)}/${digest.slice(7)}/data`);
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    // 6a. without the S3 CA (only the registry's CA, as before the bundle): the redirected fetch fails
    const onlyDtrCa = join(work, 'client-no-s3-ca');
    mkdirSync(onlyDtrCa, { recursive: true });
    cpSync(join(out, 'docker', 'certs.d', certsDir, 'ca.crt'), join(onlyDtrCa, 'ca.crt'));
    const denied = await skopeo(['copy', '--src-cert-dir', onlyDtrCa, `docker://${registry.addr}/proof/app:latest`, `oci:${join(work, 'pull-denied')}:latest`]);
    expect(denied.ok).toBe(false);
    expect(denied.out).toMatch(/x509: certificate signed by unknown authority/);
    expect(denied.out).toContain(new URL(rgw.httpsEndpoint).host);

    // 6b. the client cert dir exactly as the bundle lays it out (by its own install script): it works
    const certDir = await clientCertDir(out, certsDir, 'redirect');
    expect(readdirSync(certDir).sort()).toEqual(['ca.crt', 'storage-ca.crt']);
    const pulled = await skopeo(['copy', '--src-cert-dir', certDir, `docker://${registry.addr}/proof/app:latest`, `oci:${join(work, 'pull-ok')}:latest`]);
    expect(pulled.ok, pulled.out).toBe(true);
    expect(existsSync(join(work, 'pull-ok', 'index.json'))).toBe(true);
    // 6c. the other route the bundle offers: the storage CA in the OS trust store (--os-store). The
    // client's system roots are pointed at that store with SSL_CERT_DIR (Go reads it like /etc/ssl/certs).
    const osRoot = join(work, 'client-os-store');
    mkdirSync(osRoot, { recursive: true });
    // It asks before restarting Docker: answer no.
    const script = join(out, 'scripts', 'install-debian.sh');
    const installed = await run('bash', ['-c', `echo n | bash '${script}' --os-store`], { env: scrubbedEnv(work, { ROOT: osRoot }), timeout: 30_000 });
    expect(installed.stdout).toContain('would run: update-ca-certificates');
    expect(installed.stdout).toContain('Docker was NOT restarted');
    const storeDir = join(osRoot, 'usr', 'local', 'share', 'ca-certificates');
    expect(readdirSync(storeDir)).toEqual(['dtr-storage-ca.crt']);
    const viaStore = await skopeo(
      ['copy', '--src-cert-dir', onlyDtrCa, `docker://${registry.addr}/proof/app:latest`, `oci:${join(work, 'pull-os-store')}:latest`],
      { SSL_CERT_DIR: storeDir },
    );
    expect(viaStore.ok, viaStore.out).toBe(true);
    // The bundle never makes certs.d/<storage-host>/: Docker ignores it for redirected fetches.
    expect(readdirSync(join(out, 'docker', 'certs.d'))).toEqual([certsDir]);
  });

  it("7. redirect off ('disable-redirect', keys in the bundle): blob GET is served by the registry, DTR's CA alone is enough", async () => {
    const { out, registry, certsDir } = await bundleAndRegistry('no-redirect', await freePort(), 'disable-redirect', true);
    expect(statSync(join(out, 'registry-config.yml')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(out, 'docker', 'certs.d', certsDir))).toEqual(['ca.crt']);
    const pushDir = join(work, 'push-certs');
    const push = await skopeo(['copy', '--dest-cert-dir', pushDir, `oci:${join(work, 'image')}:latest`, `docker://${registry.addr}/proof/streamed:latest`]);
    expect(push.ok, push.out).toBe(true);
    const digest = await layerDigest(registry, 'proof/streamed');
    const blob = await getNoFollow(`${registry.url}/v2/proof/streamed/blobs/${digest}`, { caPem: registryCa.pem });
    expect(blob.status).toBe(200);
    expect(blob.headers.location).toBeUndefined();
    expect(blob.headers['docker-content-digest']).toBe(digest);
    const certDir = await clientCertDir(out, certsDir, 'no-redirect');
    expect(readdirSync(certDir)).toEqual(['ca.crt']);
    const pulled = await skopeo(['copy', '--src-cert-dir', certDir, `docker://${registry.addr}/proof/streamed:latest`, `oci:${join(work, 'pull-streamed')}:latest`]);
    expect(pulled.ok, pulled.out).toBe(true);
  });
});
