import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { exportBundle } from '../../../electron/services/export/write-bundle';
import { createS3Client } from '../../../electron/services/s3-client';
import { minioCommands } from '../../../shared/render/minio-commands';
import { iamBundleFiles } from '../../../shared/render/iam-steps';
import { rgwCommands } from '../../../shared/render/rgw-commands';
import { storageConfigSchema } from '../../../shared/storage-config';
import { radosgwAdmin } from '../../services/rgw';
import { scrubbedEnv } from '../../services/registry';

/**
 * The IAM commands as a user runs them: through bash, with values that need quoting. RGW's run for real
 * (radosgw-admin, the aws CLI over TLS with the bundle's CA file); MinIO's through bash with `mc` as a
 * function that prints the arguments it got (no MinIO or mc on this machine): what is proved there is
 * that bash hands mc exactly the intended values.
 */
const rgw = inject('rgw');
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'iam-commands-bash-'));
const suffix = randomBytes(3).toString('hex');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bash = (script: string, env: Record<string, string>) =>
  run('bash', ['-c', script], { env: scrubbedEnv(work, env), timeout: 120_000 }).then(
    (r) => ({ ok: true, stdout: r.stdout, stderr: r.stderr }),
    (e: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message }),
  );

describe('mc commands, run by bash exactly as rendered', () => {
  it('a user, bucket, policy name and file with a space and a quote reach mc unchanged', async () => {
    const input = { bucket: `dtr images '${suffix}`, alias: "my 'minio", user: "dtr storage 'x", policyName: "dtr 'policy' 1", policyFile: "it's my policy.json" };
    const secret = `s3cret with 'quote' and $HOME`;
    // NUL between arguments, a line per call: any quoting slip would split or join them
    const mc = `mc() { for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\n'; }`;
    const ran = await bash([mc, 'set -eu', ...minioCommands(input)].join('\n'), { DTR_STORAGE_SECRET_KEY: secret });
    expect(ran.stderr).toBe('');
    const calls = ran.stdout.split('\n').filter(Boolean).map((line) => line.split('\0').slice(0, -1));
    expect(calls).toEqual([
      ['admin', 'user', 'add', input.alias, input.user, secret],
      ['admin', 'policy', 'create', input.alias, input.policyName, input.policyFile],
      ['admin', 'policy', 'attach', input.alias, input.policyName, '--user', input.user],
    ]);
  });
});

describe("the bundle's RGW commands over TLS with a private CA", () => {
  const owner = createS3Client(
    storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket: 'x', regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, ca: rgw.caPem }),
    { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } },
  );
  // radosgw-admin needs this test cluster's ceph.conf: a wrapper first on PATH, as an admin node has it configured.
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'radosgw-admin'), `#!/bin/sh\nexec /usr/bin/radosgw-admin ${rgw.adminArgs.map((a) => `'${a}'`).join(' ')} "$@"\n`);
  chmodSync(join(bin, 'radosgw-admin'), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, AWS_ACCESS_KEY_ID: rgw.accessKey, AWS_SECRET_ACCESS_KEY: rgw.secretKey, AWS_MAX_ATTEMPTS: '1' };

  it('put-bucket-policy names the CA file (quoted): without --ca-bundle the aws CLI refuses the endpoint', async () => {
    const bucket = `cab-${suffix}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const caFile = join(work, "storage 'ca'.crt");
    copyFileSync(rgw.caPath, caFile);
    const policyFile = join(work, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam:::user/nobody'] }, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }] }));
    const input = { bucket, endpoint: rgw.httpsEndpoint, region: rgw.region, policyFile };
    const [, without] = rgwCommands(input);
    const refused = await bash(`set -e\n${without}`, env);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toMatch(/CERTIFICATE_VERIFY_FAILED|certificate verify failed/i);

    const [, withCa] = rgwCommands({ ...input, caBundle: caFile });
    expect(withCa).toContain(`--ca-bundle 'storage '\\''ca'\\''.crt'`.replace('storage', `${work}/storage`));
    const ran = await bash(`set -e\n${withCa}`, env);
    expect(ran.stderr).toBe('');
    const stored = await owner.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(JSON.parse(stored.Policy ?? '{}')).toMatchObject({ Statement: [{ Principal: { AWS: ['arn:aws:iam:::user/nobody'] } }] });
  });

  it("the exported bundle's iam-commands.sh, run from its folder, creates the RGW user and its bucket policy", async () => {
    const bucket = `bundle-${suffix}`;
    await owner.send(new CreateBucketCommand({ Bucket: bucket }));
    const config = storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket, rootdirectory: '/reg', regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, ca: rgw.caPem });
    const out = join(work, 'bundle');
    await exportBundle({ config, source: 'a test', storageServer: 'ceph-rgw', out });
    const script = join(out, iamBundleFiles.commands);
    const ran = await run('bash', [script], { env: scrubbedEnv(work, env), timeout: 120_000 }).catch((e: { stderr?: string; message: string }) => ({ stdout: '', stderr: e.stderr ?? e.message }));
    expect(ran.stderr).toBe('');
    const user = (await radosgwAdmin(rgw, ['user', 'info', '--uid', 'dtr-storage'])) as { keys: unknown[] };
    expect(user.keys).toHaveLength(1);
    const stored = JSON.parse((await owner.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}') as { Statement: { Principal: unknown; Resource: string[] }[] };
    expect(stored.Statement.map((s) => s.Principal)).toContainEqual({ AWS: ['arn:aws:iam:::user/dtr-storage'] });
    expect(stored.Statement.flatMap((s) => s.Resource)).toContain(`arn:aws:s3:::${bucket}/reg/*`);

    // The CA file the commands name is the bundle's: without it the same script stops at the TLS check.
    unlinkSync(join(out, 'registry', 'storage-ca.crt'));
    const again = await bash(`bash ${JSON.stringify(script)}`, env);
    expect(again.ok).toBe(false);
  });
});
