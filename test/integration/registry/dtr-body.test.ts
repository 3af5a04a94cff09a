import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createS3Client } from '../../../electron/services/s3-client';
import { dtrStorageSection, renderDtrJson, type DtrBodyShape } from '../../../shared/render/dtr-json';
import { MIB, storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';
import { goDecodeJson, goYamlMarshal, type GoValue } from '../../services/go-semantics';
import { freePort } from '../../services/ports';
import { scrubbedEnv, startRegistry, type RunningRegistry } from '../../services/registry';

/**
 * THE PROOF that DTR can use our API body: it is decoded the way DTR (Go) decodes it (every JSON number a
 * float64), written into a registry config the way Go's yaml.v2 prints it, and a real docker-registry 2.8
 * is started with that config and pushed to. The old body (a JSON-number chunksize) makes it panic.
 */
const rgw = inject('rgw');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'dtr-body-'));
const bucket = `dtr-body-${randomBytes(3).toString('hex')}`;
const mkimage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry', 'mkimage.sh');
const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
const registries: RunningRegistry[] = [];
let image: string;

const config = (overrides: Partial<StorageConfig> = {}) =>
  storageConfigSchema.parse({
    provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: '/dtr', ...overrides,
  });

/** What DTR writes for the registry from our body: the storage section out of the Go-decoded body. */
function registryConfigFromBody(bodyText: string, shape: DtrBodyShape): string {
  const decoded = goDecodeJson(bodyText) as Record<string, GoValue>;
  const storage = shape === 'storage-wrapped' ? (decoded.storage as GoValue) : decoded;
  return `version: 0.1\n${goYamlMarshal({ storage })}`;
}

async function start(name: string, yaml: string): Promise<RunningRegistry> {
  const configPath = join(work, `${name}.yml`);
  writeFileSync(configPath, yaml);
  const registry = await startRegistry({ configPath, dir: work, name, addr: `127.0.0.1:${await freePort()}` });
  registries.push(registry);
  return registry;
}

async function pushAndDelete(registry: RunningRegistry, repo: string) {
  const pushed = await run('skopeo', ['--insecure-policy', 'copy', '--dest-tls-verify=false', `oci:${image}:latest`, `docker://${registry.addr}/${repo}:latest`], {
    env: scrubbedEnv(work),
    timeout: 90_000,
  }).then(() => true, (e: { stderr?: string }) => e.stderr ?? 'failed');
  const accept = { Accept: 'application/vnd.oci.image.manifest.v1+json' };
  const head = await fetch(`${registry.url}/v2/${repo}/manifests/latest`, { method: 'HEAD', headers: accept });
  const deleted = await fetch(`${registry.url}/v2/${repo}/manifests/${head.headers.get('docker-content-digest')}`, { method: 'DELETE' });
  return { pushed, deleted: deleted.status };
}

beforeAll(async () => {
  const s3 = createS3Client(config(), { credentials });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  image = join(work, 'image');
  await run('bash', [mkimage, image], { env: scrubbedEnv(work), timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(registries.map((r) => r.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe('the DTR API body, decoded as DTR decodes it, runs a real registry', () => {
  it.each([
    ['storage-wrapped', 10 * MIB],
    ['storage-map', 10 * MIB],
    ['storage-wrapped', 6 * MIB],
    ['storage-map', 6 * MIB],
  ] as const)('%s, chunksize %d: the registry starts, pushes, and deletes (delete.enabled survives)', async (shape, chunksize) => {
    const body = renderDtrJson(config({ chunksize }), { credentials, includeSecrets: true, shape });
    const yaml = registryConfigFromBody(body, shape);
    // no float reaches the registry: the chunk size is a string, or absent at its default
    expect(yaml).not.toMatch(/e\+0\d/);
    const registry = await start(`${shape}-${chunksize}`, yaml);
    const result = await pushAndDelete(registry, `dtr/${shape}-${chunksize}`);
    expect(result.pushed, registry.log().slice(-1500)).toBe(true);
    expect(result.deleted).toBe(202);
  });

  it.each([10 * MIB, 6 * MIB])('the old body (chunksize %d as a JSON number) makes the registry panic', async (chunksize) => {
    const section = dtrStorageSection(config({ chunksize }), { credentials, includeSecrets: true });
    const body = JSON.stringify({ storage: { ...section, s3: { ...section.s3, chunksize } } });
    const yaml = registryConfigFromBody(body, 'storage-wrapped');
    const printed = chunksize === 10 * MIB ? '1.048576e+07' : '6.291456e+06';
    expect(yaml).toContain(`chunksize: ${printed}`);
    await expect(start(`float-${chunksize}`, yaml)).rejects.toThrow(`panic: invalid value for chunksize: ${printed}`);
  });

  it('a body without "delete" (DTR replaces the whole section) leaves deletes off: 405', async () => {
    const { s3 } = dtrStorageSection(config(), { credentials, includeSecrets: true });
    const registry = await start('no-delete', registryConfigFromBody(JSON.stringify({ storage: { s3 } }), 'storage-wrapped'));
    const result = await pushAndDelete(registry, 'dtr/no-delete');
    expect(result.pushed).toBe(true);
    expect(result.deleted).toBe(405);
  });
});
