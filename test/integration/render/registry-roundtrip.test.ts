import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dtrStorageBody } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { s3KeyForPath, validateStorageConfig } from '../../../shared/validation';
import { storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';
import { createS3Client } from '../../../electron/services/s3-client';
import { freePort } from '../../services/ports';
import { reapWhenParentDies } from '../../services/reaper';

/**
 * The proof that the rendered `storage:` section is what Docker Distribution really runs on: a real
 * docker-registry (2.8) is started with it against RGW over TLS, an image is pushed and pulled back,
 * and the objects land exactly under the keys our root-directory rules predict.
 */
const run = promisify(execFile);
const rgw = inject('rgw');
const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
const scripts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry');
const dir = mkdtempSync(join(tmpdir(), 'render-roundtrip-'));
const bucket = `render-rt-${randomUUID().slice(0, 8)}`;
const s3 = createS3Client(
  { provider: 's3-compatible', region: rgw.region, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, secure: true, skipverify: false, ca: rgw.caPem },
  { credentials },
);
/** Only what the registry and skopeo need: the machine's AWS_CA_BUNDLE would make the registry panic. */
const cleanEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await run('bash', [join(scripts, 'mkimage.sh'), join(dir, 'image')], { env: cleanEnv, timeout: 60_000 });
});
afterAll(async () => {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key as string }));
  if (keys.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  s3.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function validConfig(input: object): StorageConfig {
  const result = validateStorageConfig(input);
  expect(result.errors).toEqual([]);
  return result.config as StorageConfig;
}

/** Start docker-registry with our storage section inside a minimal config.yml; returns its address and a stop function. */
async function startRegistry(name: string, storageYaml: string, env: Record<string, string>) {
  const addr = `127.0.0.1:${await freePort()}`;
  const config = { version: 0.1, log: { level: 'warn' }, http: { addr, secret: 'test-only-http-secret' }, ...parse(storageYaml, { version: '1.1' }) };
  const configPath = join(dir, `${name}.yml`);
  writeFileSync(configPath, stringify(config, { version: '1.1' }));
  const pidFile = join(dir, `${name}.pid`);
  const cancelReaper = reapWhenParentDies(`kill $(cat '${pidFile}') 2>/dev/null`);
  try {
    await run('bash', [join(scripts, 'regstart.sh'), configPath, join(dir, `${name}.log`), pidFile], {
      env: { ...cleanEnv, ...env, REG_ADDR: addr },
      timeout: 30_000,
    });
  } catch (error) {
    cancelReaper();
    throw new Error(`registry did not start: ${(error as { stdout?: string }).stdout ?? String(error)}`, { cause: error });
  }
  return {
    addr,
    stop() {
      cancelReaper();
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function pushAndPull(addr: string, repo: string) {
  const skopeo = (...args: string[]) => run('skopeo', ['--insecure-policy', ...args], { env: cleanEnv, timeout: 60_000 });
  await skopeo('copy', '--dest-tls-verify=false', `oci:${join(dir, 'image')}:latest`, `docker://${addr}/${repo}:latest`);
  await skopeo('copy', '--src-tls-verify=false', `docker://${addr}/${repo}:latest`, `oci:${join(dir, `pulled-${repo.replace(/\W/g, '-')}`)}:latest`);
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key as string);
}

describe('the rendered registry YAML drives a real docker-registry against RGW', () => {
  it('secrets in the YAML, redirects off, root "//rt-one/" stored under "rt-one/"', async () => {
    const config = validConfig({
      provider: 's3-compatible',
      region: rgw.region,
      bucket,
      regionendpoint: rgw.httpsEndpoint,
      forcepathstyle: true,
      rootdirectory: '//rt-one/',
      ca: rgw.caPem,
      redirect: { disable: true },
    });
    const yaml = renderRegistryYaml(config, { credentials, includeSecrets: true });
    // As the YAML's comment says: the registry process trusts the CA through SSL_CERT_FILE.
    const registry = await startRegistry('one', yaml, { SSL_CERT_FILE: rgw.caPath });
    try {
      await pushAndPull(registry.addr, 'render/one');
    } finally {
      registry.stop();
    }
    const keys = await keysUnder('rt-one/');
    expect(keys.length).toBeGreaterThan(3);
    expect(keys.every((k) => k.startsWith('rt-one/docker/registry/v2/'))).toBe(true);
    const tagLink = s3KeyForPath(config.rootdirectory, '/docker/registry/v2/repositories/render/one/_manifests/tags/latest/current/link');
    expect(keys).toContain(tagLink);
  });

  it('secrets left out of the YAML and given through the environment, as its comment says', async () => {
    const config = validConfig({
      provider: 's3-compatible',
      region: rgw.region,
      bucket,
      regionendpoint: rgw.httpsEndpoint,
      forcepathstyle: true,
      rootdirectory: 'rt-two/nested',
      ca: rgw.caPem,
      redirect: { disable: true },
    });
    const yaml = renderRegistryYaml(config, { credentials });
    expect(yaml).not.toContain(rgw.secretKey);
    expect(yaml).toContain('REGISTRY_STORAGE_S3_SECRETKEY');
    const registry = await startRegistry('two', yaml, {
      SSL_CERT_FILE: rgw.caPath,
      REGISTRY_STORAGE_S3_ACCESSKEY: rgw.accessKey,
      REGISTRY_STORAGE_S3_SECRETKEY: rgw.secretKey,
    });
    try {
      await pushAndPull(registry.addr, 'render/two');
    } finally {
      registry.stop();
    }
    const tagLink = s3KeyForPath(config.rootdirectory, '/docker/registry/v2/repositories/render/two/_manifests/tags/latest/current/link');
    expect(tagLink).toBe('rt-two/nested/docker/registry/v2/repositories/render/two/_manifests/tags/latest/current/link');
    expect(await keysUnder('rt-two/nested/')).toContain(tagLink);
  });

  it('the DTR API body carries driver keys the real driver accepts (its storage object run as config.yml)', async () => {
    const config = validConfig({
      provider: 's3-compatible',
      region: rgw.region,
      bucket,
      regionendpoint: rgw.httpsEndpoint,
      forcepathstyle: true,
      rootdirectory: '/rt-three',
      chunksize: 6 * 1024 * 1024,
      ca: rgw.caPem,
      redirect: { disable: true },
    });
    const body = dtrStorageBody(config, { credentials, includeSecrets: true });
    expect(body.storage.redirect).toEqual({ disable: true });
    // JSON is YAML: the body's storage object is a complete registry storage section
    const registry = await startRegistry('three', JSON.stringify({ storage: body.storage }), { SSL_CERT_FILE: rgw.caPath });
    try {
      await pushAndPull(registry.addr, 'render/three');
    } finally {
      registry.stop();
    }
    expect(await keysUnder('rt-three/')).toContain(
      s3KeyForPath(config.rootdirectory, '/docker/registry/v2/repositories/render/three/_manifests/tags/latest/current/link'),
    );
  });

  // Two "inconsistent combinations" are errors in validation, not warnings: the driver refuses them.
  const rgwInput = { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true };
  it.each([
    ['a chunksize below 5 MiB', { ...rgwInput, chunksize: 4 * 1024 * 1024 }, { ...rgwInput, chunksize: 4 * 1024 * 1024 }, 'CHUNKSIZE_TOO_SMALL', /chunksize/],
    // The driver's AWS test is "no endpoint, or one containing s3.amazonaws.com": the registry gets an
    // endpoint that passes that test yet stays on 127.0.0.1 (validation rightly refuses its path).
    ['v4auth off on Amazon S3', { provider: 'aws', region: 'eu-central-1', bucket, v4auth: false }, { ...rgwInput, v4auth: false, regionendpoint: 'https://127.0.0.1:9/s3.amazonaws.com' }, 'V4AUTH_REQUIRED_ON_AWS', /v4 authentication/],
  ])('%s: validation says error, and the real registry refuses to start', async (_name, validated, started, code, logLine) => {
    expect(validateStorageConfig(validated).errors.map((i) => i.code)).toEqual([code]);
    const yaml = renderRegistryYaml(storageConfigSchema.parse(started), { credentials, includeSecrets: true });
    await expect(startRegistry(`refused-${code}`, yaml, {})).rejects.toThrow(logLine);
  });

  it('a Distribution 3 storage class is a warning, because the 2.8 registry refuses it', async () => {
    const input = { ...rgwInput, storageclass: 'INTELLIGENT_TIERING' };
    expect(validateStorageConfig(input).warnings.map((i) => i.code)).toEqual(['STORAGECLASS_NEEDS_DISTRIBUTION_3']);
    const yaml = renderRegistryYaml(storageConfigSchema.parse(input), { credentials, includeSecrets: true });
    await expect(startRegistry('storageclass', yaml, {})).rejects.toThrow(/storageclass parameter must be one of \[NONE STANDARD REDUCED_REDUNDANCY\]/);
  });

  it('path style off for an endpoint: warned, and registry 2.8 uses path style anyway (as the warning says)', async () => {
    const input = { ...rgwInput, forcepathstyle: false, rootdirectory: 'rt-four', ca: rgw.caPem, redirect: { disable: true } };
    const result = validateStorageConfig(input);
    expect(result.warnings.map((i) => i.code)).toEqual(['PATH_STYLE_OFF_FOR_COMPATIBLE']);
    const yaml = renderRegistryYaml(result.config as StorageConfig, { credentials, includeSecrets: true });
    expect(parse(yaml, { version: '1.1' }).storage.s3.forcepathstyle).toBe(false);
    // virtual-host addressing would need the host "<bucket>.127.0.0.1", which cannot resolve
    const registry = await startRegistry('four', yaml, { SSL_CERT_FILE: rgw.caPath });
    try {
      await pushAndPull(registry.addr, 'render/four');
    } finally {
      registry.stop();
    }
    expect((await keysUnder('rt-four/')).length).toBeGreaterThan(3);
  });

  it('keyless: the empty accesskey/secretkey make the real driver take its credentials from instance metadata', async () => {
    // An instance-metadata stand-in on 127.0.0.1 (the registry's SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT) hands out
    // RGW's keys as the role's credentials. What is real: the YAML, the registry's credential chain, RGW. What is not:
    // EC2's IMDS and IAM (no AWS here), and Debian's build speaks IMDSv2 where DTR 2.x's SDK 1.15 cannot.
    const seen: string[] = [];
    const imds = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}${req.headers['x-aws-ec2-metadata-token'] ? ' (token)' : ''}`);
      if (req.method === 'PUT' && req.url === '/latest/api/token') {
        // As IMDS answers (the SDK wants the TTL echoed); GETs work with or without the token (HttpTokens=optional).
        res.setHeader('x-aws-ec2-metadata-token-ttl-seconds', String(req.headers['x-aws-ec2-metadata-token-ttl-seconds'] ?? '21600'));
        return void res.end('test-token');
      }
      if (req.url === '/latest/meta-data/iam/security-credentials/') return void res.end('dtr-storage-role');
      if (req.url === '/latest/meta-data/iam/security-credentials/dtr-storage-role') {
        return void res.end(JSON.stringify({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: rgw.accessKey, SecretAccessKey: rgw.secretKey, Token: '', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((done) => imds.listen(0, '127.0.0.1', done));
    const { port } = imds.address() as { port: number };
    const result = validateStorageConfig({ ...rgwInput, provider: 'aws', keyless: true, rootdirectory: 'rt-keyless', ca: rgw.caPem, redirect: { disable: true } });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('KEYLESS_IMDSV1_REQUIRED');
    // Keys passed on purpose: a keyless rendering must leave them out all the same.
    const yaml = renderRegistryYaml(result.config as StorageConfig, { credentials, includeSecrets: true });
    expect(parse(yaml, { version: '1.1' }).storage.s3).toMatchObject({ accesskey: '', secretkey: '' });
    expect(yaml).not.toContain(rgw.secretKey);
    const registry = await startRegistry('keyless', yaml, { SSL_CERT_FILE: rgw.caPath, AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port}` });
    try {
      await pushAndPull(registry.addr, 'render/keyless');
    } finally {
      registry.stop();
      imds.close();
    }
    // The role's credentials were fetched from instance metadata: nothing else gave the registry a key.
    expect(seen.filter((line) => line.startsWith('GET /latest/meta-data/iam/security-credentials/dtr-storage-role')), JSON.stringify(seen)).not.toEqual([]);
    expect(await keysUnder('rt-keyless/')).toContain(s3KeyForPath('rt-keyless', '/docker/registry/v2/repositories/render/keyless/_manifests/tags/latest/current/link'));
  });
});
