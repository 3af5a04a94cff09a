import { DATA_DIR_ENV } from '../../../electron/services/profiles/data-dir';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetBucketLifecycleConfigurationCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runProvision } from '../../../electron/cli/commands/provision';
import { runRollback } from '../../../electron/cli/commands/rollback';
import { JsonFileJournalStore } from '../../../electron/services/provisioning/journal';
import { provisionStorage } from '../../../electron/services/provisioning/provision';
import { rollbackProvisioning } from '../../../electron/services/provisioning/rollback';
import { createProfileServices } from '../../../electron/services/profiles';
import type { SecretStore } from '../../../electron/services/secrets/secret-store';
import { createS3Client } from '../../../electron/services/s3-client';
import { storageConfigSchema } from '../../../shared/storage-config';

/** provision → re-run → rollback through the CLI functions, and crash/resume, on a real RGW. */
const rgw = inject('rgw');
const dir = mkdtempSync(join(tmpdir(), 'provision-rgw-'));
const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
// The CLI keeps its installation id (rollback's proof) in the data directory: a private one here.
process.env[DATA_DIR_ENV] = join(dir, 'data');
const installationId = 'test-installation-0000-0000-000000000000';
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(() => {
  // setup credentials come from the AWS chain: here, its environment variables
  process.env.AWS_ACCESS_KEY_ID = rgw.accessKey;
  process.env.AWS_SECRET_ACCESS_KEY = rgw.secretKey;
});
afterAll(() => {
  for (const [name, value] of [['AWS_ACCESS_KEY_ID', savedEnv.id], ['AWS_SECRET_ACCESS_KEY', savedEnv.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

// The CLI's own wiring (data directory, journal next to the config file) with a keychain that refuses
// every write: S3-compatible provisioning must not create keys.
const services = createProfileServices({ dataDir: join(dir, 'data') });
const noKeychain: SecretStore = { ...services.secrets, setCredentials: () => Promise.reject(new Error('S3-compatible provisioning must not create keys')) };
const cliServices = { ...services, secrets: noKeychain };

function configFile(bucket: string) {
  const config = { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: '/registry' };
  const path = join(dir, `${bucket}.json`);
  writeFileSync(path, JSON.stringify(config));
  return { path, config: storageConfigSchema.parse(config), s3: createS3Client(storageConfigSchema.parse(config), { credentials }) };
}

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), services: async () => cliServices } };
}

const bucketExists = (s3: S3Client, bucket: string) =>
  s3.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, (e: Error & { $metadata?: { httpStatusCode?: number } }) => (e.$metadata?.httpStatusCode === 404 ? false : Promise.reject(e)));

describe('provision and rollback commands against RGW', () => {
  it('provisions, re-runs without changes, and rolls back the bucket it created', async () => {
    const bucket = `cli-${randomUUID().slice(0, 8)}`;
    const { path, s3 } = configFile(bucket);
    const first = io();
    expect(await runProvision({ config: path }, first.io), first.out.stderr).toBe(0);
    expect(first.out.stdout).toMatch(/^created\s+bucket\s+Created bucket/m);
    expect(first.out.stdout).toMatch(/^created\s+lifecycle/m);
    expect(first.out.stdout).toMatch(/^warning\s+encryption/m);
    expect(first.out.stdout).toContain("mc admin policy create 'myminio'");
    expect(first.out.stdout).toContain(`"arn:aws:s3:::${bucket}/registry/*"`);
    expect(await bucketExists(s3, bucket)).toBe(true);

    const second = io();
    expect(await runProvision({ config: path }, second.io)).toBe(0);
    expect(second.out.stdout).not.toMatch(/^(created|updated)/m);
    expect(second.out.stdout).toMatch(/^skipped\s+bucket/m);

    const rollback = io();
    expect(await runRollback({ config: path }, rollback.io), rollback.out.stderr).toBe(0);
    expect(rollback.out.stdout).toMatch(/^done\s+bucket\s+Deleted empty bucket/m);
    expect(await bucketExists(s3, bucket)).toBe(false);
    expect(existsSync(`${path}.provision-journal.json`)).toBe(false);
  });

  it('keeps a bucket it created once it holds data (exit 1, says why), and never deletes an adopted one', async () => {
    const bucket = `cli-data-${randomUUID().slice(0, 8)}`;
    const { path, s3 } = configFile(bucket);
    expect(await runProvision({ config: path }, io().io)).toBe(0);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'registry/docker/registry/v2/x', Body: 'layer' }));
    const kept = io();
    expect(await runRollback({ config: path }, kept.io)).toBe(1);
    expect(kept.out.stdout).toMatch(/Kept bucket .* it holds objects/);
    expect(await bucketExists(s3, bucket)).toBe(true);

    const adopted = `cli-adopt-${randomUUID().slice(0, 8)}`;
    const other = configFile(adopted);
    await other.s3.send(new CreateBucketCommand({ Bucket: adopted }));
    expect(await runProvision({ config: other.path }, io().io)).toBe(0);
    const none = io();
    expect(await runRollback({ config: other.path }, none.io)).toBe(0);
    expect(none.out.stdout).toContain('Nothing to roll back');
    expect(await bucketExists(other.s3, adopted)).toBe(true);
  });

  it('prints the result as JSON with --json, without any secret', async () => {
    const bucket = `cli-json-${randomUUID().slice(0, 8)}`;
    const { path } = configFile(bucket);
    const out = io();
    expect(await runProvision({ config: path, json: true }, out.io)).toBe(0);
    const result = JSON.parse(out.out.stdout);
    expect(result.steps.map((s: { step: string }) => s.step)).toEqual(['bucket', 'public-access-block', 'encryption', 'lifecycle', 'iam-user']);
    expect(JSON.parse(result.policyJson).Statement.length).toBeGreaterThan(1);
    expect(out.out.stdout).not.toContain(rgw.secretKey);
    expect(await runRollback({ config: path, json: true }, io().io)).toBe(0);
  });

  it('exits 2 for an invalid config file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"provider": "aws"');
    const out = io();
    expect(await runProvision({ config: bad }, out.io)).toBe(2);
    expect(out.out.stderr).toMatch(/not valid JSON/);
  });

  it('resumes cleanly after a crash right after each S3 call', async () => {
    const probe = configFile(`crash-probe-${randomUUID().slice(0, 8)}`);
    const total = countCalls(probe.s3);
    const run = (s3: S3Client, journal: string, config: typeof probe.config) =>
      provisionStorage({ config, owner: 'crash' }, { s3, store: new JsonFileJournalStore(journal), installationId, emit: () => undefined, operationId: 'c' });
    await run(probe.s3, join(dir, 'probe-journal.json'), probe.config);
    expect(total.length).toBeGreaterThanOrEqual(7);

    for (let k = 1; k <= total.length; k++) {
      const bucket = `crash-${k}-${randomUUID().slice(0, 6)}`;
      const { config } = configFile(bucket);
      const journal = join(dir, `${bucket}-journal.json`);
      const crashing = createS3Client(config, { credentials });
      crashAfterCall(crashing, k);
      await expect(run(crashing, journal, config), `crash after S3 call ${k} (${total[k - 1]})`).rejects.toThrow();
      const resumed = createS3Client(config, { credentials });
      const sent = countCalls(resumed);
      await run(resumed, journal, config);
      // once CreateBucket went through, the resume must adopt, not create again
      if (total.slice(0, k).includes('CreateBucketCommand')) expect(sent, `after crash at ${k}`).not.toContain('CreateBucketCommand');
      const rules = await resumed.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      expect(rules.Rules).toHaveLength(1);
      expect((await new JsonFileJournalStore(journal).load())?.steps.bucket?.createdByUs, `bucket ours after crash ${k}`).toBe(true);
      await rollbackProvisioning({ s3: resumed, store: new JsonFileJournalStore(journal), installationId, emit: () => undefined, operationId: 'r' });
      expect(await bucketExists(resumed, bucket)).toBe(false);
    }
  });
});

function crashAfterCall(s3: S3Client, n: number): void {
  let count = 0;
  s3.middlewareStack.add(
    (next) => async (args) => {
      count += 1;
      const mine = count;
      try {
        return await next(args);
      } finally {
        // eslint-disable-next-line no-unsafe-finally -- the crash replaces whatever the call answered
        if (mine === n) throw new Error('simulated crash');
      }
    },
    { step: 'initialize', name: 'crashAfterCall' },
  );
}

function countCalls(s3: S3Client): string[] {
  const sent: string[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return sent;
}
