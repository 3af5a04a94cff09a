import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runExport, type ExportCommandOptions } from '../../../electron/cli/commands/export';
import { createProfileServices } from '../../../electron/services/profiles';
import { createS3Client } from '../../../electron/services/s3-client';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { certsDirName } from '../../../shared/trust/cert-layout';
import { freePort } from '../../services/ports';
import type { RgwInfo } from '../../services/rgw';
import { scrubbedEnv, startRegistry, type RunningRegistry } from '../../services/registry';
import { issueServerCert, makeCa, type ThrowawayCa } from '../../services/tls-certs';

const run = promisify(execFile);

/** One run of a bundle's bash script (verify-client, install-*) with a scrubbed environment. */
export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
  /** verify-client: check id → its output line. */
  lines: Map<string, string>;
}

export async function runScript(script: string, args: string[], env: Record<string, string>, home: string): Promise<ScriptRun> {
  const done = await run('bash', [script, ...args], { env: scrubbedEnv(home, env), timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  const lines = new Map<string, string>();
  for (const line of done.stdout.split('\n')) {
    const match = /^(PASS|FAIL|SKIP|WARN) +(\S+)/.exec(line);
    if (match?.[2] && !lines.has(match[2])) lines.set(match[2], line);
  }
  return { ...done, lines };
}

/**
 * The client-trust lab: RGW over TLS (global setup) holding a fresh bucket, and a real docker-registry
 * over TLS with a CA of its own standing in for DTR, configured by the first exported bundle. Bundles
 * are exported through the CLI's code path with `--config` and the keys in its environment.
 */
export interface ClientTrustLab {
  work: string;
  bucket: string;
  rootdirectory: string;
  dtrHost: string;
  certsDir: string;
  storageHost: string;
  dtrCa: ThrowawayCa;
  exportBundle(name: string, extra?: Partial<ExportCommandOptions>): Promise<string>;
  /** A scratch client root laid out by the bundle's own install-debian.sh; returns its certs.d. */
  installCertsD(bundle: string, name: string): Promise<string>;
  verify(bundle: string, certsD: string, args?: string[]): Promise<ScriptRun>;
  listKeys(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startClientTrustLab(rgw: RgwInfo, label: string): Promise<ClientTrustLab> {
  const suffix = randomBytes(4).toString('hex');
  const work = mkdtempSync(join(tmpdir(), `${label}-`));
  const bucket = `${label}-${suffix}`;
  const rootdirectory = '/fleet';
  const keys = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
  const storage = { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, rootdirectory, ca: rgw.caPem };
  const s3 = () => createS3Client({ ...storage, provider: 's3-compatible', secure: true, skipverify: false }, { credentials: keys });
  const client = s3();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  const configPath = join(work, 'storage.json');
  writeFileSync(configPath, JSON.stringify(storage));
  const dtrCa = await makeCa(join(work, 'pki'), 'dtr');
  const dtrCert = await issueServerCert(join(work, 'pki'), 'dtr-server', { ca: dtrCa, sans: ['IP:127.0.0.1'] });
  const port = await freePort();
  const dtrHost = `127.0.0.1:${port}`;
  // The services are never used with --config; a keychain is not needed.
  const services = createProfileServices({ dataDir: join(work, 'data'), secrets: createSecretStore({ service: `dtr-s3-test-${label}-${suffix}` }) });
  const io = { stdout: () => undefined, stderr: () => undefined, env: { DTR_S3_ACCESS_KEY: keys.accessKeyId, DTR_S3_SECRET_KEY: keys.secretAccessKey }, services: async () => services };
  const exportBundle = async (name: string, extra: Partial<ExportCommandOptions> = {}) => {
    const out = join(work, `bundle-${name}`);
    const errors: string[] = [];
    const code = await runExport({ config: configPath, out, dtrHost, dtrCa: dtrCa.certPath, trust: 'ca', ...extra }, { ...io, stderr: (t) => void errors.push(t) });
    if (code !== 0) throw new Error(`export ${name} exited ${code}: ${errors.join('')}`);
    return out;
  };
  const first = await exportBundle('registry');
  const registryConfig = join(work, 'registry-config.yml');
  writeFileSync(registryConfig, `version: 0.1\n${readFileSync(join(first, 'registry-config.yml'), 'utf8')}`);
  const registry: RunningRegistry = await startRegistry({
    configPath: registryConfig,
    dir: work,
    name: label,
    addr: dtrHost,
    tls: { certPath: dtrCert.certPath, keyPath: dtrCert.keyPath, caPem: dtrCa.pem },
    env: { SSL_CERT_FILE: join(first, 'registry', 'storage-ca.crt'), REGISTRY_STORAGE_S3_ACCESSKEY: keys.accessKeyId, REGISTRY_STORAGE_S3_SECRETKEY: keys.secretAccessKey },
  });
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  return {
    work,
    bucket,
    rootdirectory,
    dtrHost,
    certsDir: certsDirName(dtrHost),
    storageHost: new URL(rgw.httpsEndpoint).host,
    dtrCa,
    exportBundle,
    async installCertsD(bundle, name) {
      const root = join(work, `client-${name}`);
      mkdirSync(root, { recursive: true });
      const installed = await runScript(join(bundle, 'scripts', 'install-debian.sh'), [], { ROOT: root }, home);
      if (installed.code !== 0) throw new Error(`install-debian.sh exited ${installed.code}: ${installed.stderr}`);
      return join(root, 'etc', 'docker', 'certs.d');
    },
    verify: (bundle, certsD, args = []) => runScript(join(bundle, 'scripts', 'verify-client.sh'), ['--certs-dir', certsD, ...args], {}, home),
    async listKeys(prefix) {
      const c = s3();
      try {
        const listed = await c.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        return (listed.Contents ?? []).map((o) => o.Key as string);
      } finally {
        c.destroy();
      }
    },
    async stop() {
      await registry.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
