import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createS3Client } from '../../../electron/services/s3-client';
import { createRegistryPolicy, policyFlavors, registryBucketPolicy, type RegistryPolicyInput } from '../../../shared/iam-policy';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { rgwBucketPolicy, rgwCommands } from '../../../shared/render/rgw-commands';
import { storageConfigSchema } from '../../../shared/storage-config';
import { freePort } from '../../services/ports';
import { radosgwAdmin } from '../../services/rgw';
import { scrubbedEnv, startRegistry, type RunningRegistry } from '../../services/registry';

/**
 * THE PROOF that the generated policies make the real driver work on RGW: a user who does NOT own the
 * bucket gets access only through our policy (as a bucket policy, or as its own user policy), and a real
 * docker-registry 2.8 with that user's keys pushes, pulls, deletes a manifest and garbage-collects.
 * The AWS-shaped scoped policy is run too, to show what the RGW shape fixes (the check can fail).
 */
const rgw = inject('rgw');
const run = promisify(execFile);
const suffix = randomBytes(3).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'policy-on-rgw-'));
const mkimage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry', 'mkimage.sh');
const endpoint = { provider: 's3-compatible' as const, region: rgw.region, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false, skipverify: false, ca: '' };
const owner = createS3Client(endpoint, { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
const iam = new IAMClient({ region: rgw.region, endpoint: rgw.httpEndpoint, credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey }, maxAttempts: 1 });
const registries: RunningRegistry[] = [];
let image: string;
let counter = 0;

/** A fresh RGW user who owns nothing: every access it has comes from the policy under test. */
async function nonOwner(): Promise<{ uid: string; arn: string; keys: { accessKeyId: string; secretAccessKey: string } }> {
  const uid = `reg-${suffix}-${++counter}`;
  const user = (await radosgwAdmin(rgw, ['user', 'create', '--uid', uid, '--display-name', uid])) as { keys: { access_key: string; secret_key: string }[] };
  return { uid, arn: `arn:aws:iam:::user/${uid}`, keys: { accessKeyId: user.keys[0]?.access_key as string, secretAccessKey: user.keys[0]?.secret_key as string } };
}

const skopeo = (args: string[]) =>
  run('skopeo', ['--insecure-policy', ...args], { env: scrubbedEnv(work), timeout: 90_000 }).then(
    () => ({ ok: true, out: '' }),
    (e: { stderr?: string; message: string }) => ({ ok: false, out: e.stderr ?? e.message }),
  );

/** push → pull → delete the manifest → garbage-collect, with a registry holding only the non-owner's keys. */
async function registryLifecycle(name: string, bucket: string, rootdirectory: string, keys: { accessKeyId: string; secretAccessKey: string }) {
  const config = storageConfigSchema.parse({ ...endpoint, bucket, rootdirectory });
  const configPath = join(work, `${name}.yml`);
  writeFileSync(configPath, `version: 0.1\n${renderRegistryYaml(config, { credentials: keys, includeSecrets: true })}`);
  const registry = await startRegistry({ configPath, dir: work, name, addr: `127.0.0.1:${await freePort()}`, env: { REGISTRY_STORAGE_DELETE_ENABLED: 'true' } });
  registries.push(registry);
  const repo = `${registry.addr}/proof/${name}`;
  const push = await skopeo(['copy', '--dest-tls-verify=false', `oci:${image}:latest`, `docker://${repo}:latest`]);
  if (!push.ok) return { push, log: registry.log() };
  const pull = await skopeo(['copy', '--src-tls-verify=false', `docker://${repo}:latest`, `oci:${join(work, `pull-${name}`)}:latest`]);
  const accept = { Accept: 'application/vnd.oci.image.manifest.v1+json' };
  const head = await fetch(`${registry.url}/v2/proof/${name}/manifests/latest`, { method: 'HEAD', headers: accept });
  const digest = head.headers.get('docker-content-digest') ?? '';
  const deleted = await fetch(`${registry.url}/v2/proof/${name}/manifests/${digest}`, { method: 'DELETE' });
  const gone = await fetch(`${registry.url}/v2/proof/${name}/manifests/latest`, { headers: accept });
  await registry.stop();
  const blobsBeforeGc = (await blobKeys(owner, bucket, rootdirectory)).length;
  const gc = await run('/usr/bin/docker-registry', ['garbage-collect', '--delete-untagged', configPath], { env: scrubbedEnv(work), timeout: 60_000 }).then(
    () => ({ ok: true, out: '' }),
    (e: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, out: `${e.stdout ?? ''}${e.stderr ?? e.message}` }),
  );
  return { push, pull, deleted: deleted.status, gone: gone.status, blobsBeforeGc, gc, log: registry.log() };
}

async function blobKeys(s3: S3Client, bucket: string, root: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${root ? `${root}/` : ''}docker/registry/v2/blobs/` }));
  return (listed.Contents ?? []).map((o) => o.Key as string);
}

beforeAll(async () => {
  image = join(work, 'image');
  await run('bash', [mkimage, image], { env: scrubbedEnv(work), timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(registries.map((r) => r.stop()));
  owner.destroy();
  rmSync(work, { recursive: true, force: true });
});

const cases = policyFlavors.flatMap((flavor) => ['', 'reg/prod'].map((root) => ({ flavor, root, scope: root ? 'scoped' : 'whole bucket' })));

describe.each(['bucket policy', 'user policy'] as const)('the ceph-rgw policy as a %s for a non-owner', (how) => {
  it.each(cases)('$flavor, $scope: docker-registry 2.8 pushes, pulls, deletes and garbage-collects', async ({ flavor, root }) => {
    const bucket = `pol-${suffix}-${++counter}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const user = await nonOwner();
    const input: RegistryPolicyInput = { bucket, rootDirectory: root, flavor, target: 'ceph-rgw' };
    if (how === 'bucket policy') {
      await owner.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(registryBucketPolicy(input, user.arn)) }));
    } else {
      await iam.send(new PutUserPolicyCommand({ UserName: user.uid, PolicyName: 'dtr-storage', PolicyDocument: JSON.stringify(createRegistryPolicy(input)) }));
    }
    const result = await registryLifecycle(`${flavor}-${root ? 'scoped' : 'bucket'}-${how[0]}`, bucket, root, user.keys);
    expect(result.push.ok, `${result.push.out}\n${result.log.slice(-1500)}`).toBe(true);
    expect(result.pull?.ok, result.pull?.out).toBe(true);
    expect(result.deleted).toBe(202);
    expect(result.gone).toBe(404);
    expect(result.blobsBeforeGc).toBeGreaterThanOrEqual(2);
    expect(result.gc?.ok, result.gc?.out).toBe(true);
    // garbage collection deleted every blob (DeleteObjects), so nothing is left under blobs/
    expect(await blobKeys(owner, bucket, root)).toEqual([]);
  });
});

describe('what the RGW shape fixes (the same proof fails without it)', () => {
  it('no policy at all: the non-owner cannot push', async () => {
    const bucket = `pol-${suffix}-${++counter}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const user = await nonOwner();
    const result = await registryLifecycle('no-policy', bucket, '', user.keys);
    expect(result.push.ok).toBe(false);
  });

  it.each(['', 'reg/prod'])('the AWS-shaped union policy (root "%s") does not work on RGW', async (root) => {
    const bucket = `pol-${suffix}-${++counter}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const user = await nonOwner();
    const input: RegistryPolicyInput = { bucket, rootDirectory: root, target: 'aws' };
    await owner.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(registryBucketPolicy(input, user.arn)) }));
    const result = await registryLifecycle(`aws-shape-${root ? 'scoped' : 'bucket'}`, bucket, root, user.keys);
    // whole bucket: the push itself fails at the first blob commit (DeleteObjects 403); scoped: already at
    // the first HEAD of a missing key (403 instead of 404 → registry 500)
    expect(result.push.ok).toBe(false);
    expect(result.log).toMatch(/AccessDenied/);
  });
});

describe("the wizard's Ceph RGW steps, run exactly as rendered", () => {
  it.each(['', 'reg/prod'])('radosgw-admin user create + aws s3api put-bucket-policy (root "%s"): docker-registry 2.8 with that user pushes, pulls, deletes and garbage-collects', async (root) => {
    const bucket = `pol-${suffix}-${++counter}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const uid = `dtr storage '${suffix}-${counter}`; // a space and a quote: the quoting is part of what is proved
    const policyFile = join(work, `rgw policy ${counter}.json`);
    const input = { bucket, rootDirectory: root, uid, endpoint: rgw.httpEndpoint, region: rgw.region, policyFile };
    writeFileSync(policyFile, JSON.stringify(rgwBucketPolicy(input), null, 2));
    // radosgw-admin needs this test cluster's ceph.conf; everything else runs as the user would run it.
    const admin = `radosgw-admin() { command radosgw-admin ${rgw.adminArgs.map((a) => `'${a}'`).join(' ')} "$@"; }`;
    const script = [admin, 'set -e', ...rgwCommands(input)].join('\n');
    const ran = await run('bash', ['-c', script], {
      env: scrubbedEnv(work, { AWS_ACCESS_KEY_ID: rgw.accessKey, AWS_SECRET_ACCESS_KEY: rgw.secretKey }), timeout: 120_000,
    }).catch((e: { stderr?: string; message: string }) => ({ stdout: '', stderr: e.stderr ?? e.message, failed: true }));
    expect('failed' in ran ? ran.stderr : '').toBe('');
    const user = (await radosgwAdmin(rgw, ['user', 'info', '--uid', uid])) as { keys: { access_key: string; secret_key: string }[] };
    const keys = { accessKeyId: user.keys[0]?.access_key as string, secretAccessKey: user.keys[0]?.secret_key as string };
    const result = await registryLifecycle(`rgw-steps-${root ? 'scoped' : 'bucket'}`, bucket, root, keys);
    expect(result.push.ok, `${result.push.out}\n${result.log.slice(-1500)}`).toBe(true);
    expect(result.pull?.ok, result.pull?.out).toBe(true);
    expect(result.deleted).toBe(202);
    expect(result.gone).toBe(404);
    expect(result.gc?.ok, result.gc?.out).toBe(true);
    expect(await blobKeys(owner, bucket, root)).toEqual([]);
  });
});
