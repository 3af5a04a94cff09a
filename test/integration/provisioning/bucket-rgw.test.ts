import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetBucketLifecycleConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { radosgwAdmin } from '../../services/rgw';
import type { ProgressEvent } from '../../../shared/contract';
import { registryBucketPolicy } from '../../../shared/iam-policy';
import { storageConfigSchema } from '../../../shared/storage-config';
import { createS3Client } from '../../../electron/services/s3-client';
import {
  LIFECYCLE_RULE_ID,
  ensureBucket,
  ensureDefaultEncryption,
  ensureLifecycle,
  ensurePublicAccessBlock,
  wantedPublicAccessBlock,
  type BucketPlan,
} from '../../../electron/services/provisioning/bucket';
import { JsonFileJournalStore, openJournal } from '../../../electron/services/provisioning/journal';
import type { StepContext } from '../../../electron/services/provisioning/steps';

const rgw = inject('rgw');
const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
const dir = mkdtempSync(join(tmpdir(), 'bucket-rgw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(bucket: string) {
  const config = storageConfigSchema.parse({
    provider: 's3-compatible',
    region: rgw.region,
    bucket,
    regionendpoint: rgw.httpEndpoint,
    forcepathstyle: true,
    secure: false,
  });
  const s3 = createS3Client(config, { credentials });
  const plan: BucketPlan = { bucket, region: rgw.region, provider: 's3-compatible', abortIncompleteMultipartDays: 7 };
  return { s3, plan };
}

async function contextFor(name: string, bucket: string): Promise<StepContext & { events: ProgressEvent[] }> {
  const store = new JsonFileJournalStore(join(dir, `${name}.json`));
  const journal = await openJournal(store, { bucket, region: rgw.region, endpoint: rgw.httpEndpoint }, 'test-installation-0000-0000-000000000000');
  const events: ProgressEvent[] = [];
  return { operationId: name, store, journal, emit: (e) => events.push(e), events };
}

describe('bucket steps against a real Ceph RGW', () => {
  it('creates a new bucket, then adopts it on the next run, reading before writing', async () => {
    const bucket = `prov-new-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    const first = await contextFor('new', bucket);
    const created = await ensureBucket(s3, plan, first);
    expect(created.outcome).toBe('created');
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    expect(first.journal.steps.bucket).toMatchObject({ phase: 'done', createdByUs: true });
    expect(first.events.map((e) => e.status)).toEqual(['running', 'created']);

    const again = await ensureBucket(s3, plan, await contextFor('new', bucket));
    expect(again.outcome).toBe('adopted');
    // the journal still remembers that we created it: rollback may delete it
    expect((await new JsonFileJournalStore(join(dir, 'new.json')).load())?.steps.bucket?.createdByUs).toBe(true);
  });

  it('adopts a bucket that existed before, and does not count it as ours', async () => {
    const bucket = `prov-pre-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    await ensureBucket(s3, plan, await contextFor('scratch', bucket)); // someone else's run made it
    const context = await contextFor('pre', bucket);
    const adopted = await ensureBucket(s3, plan, context);
    expect(adopted.outcome).toBe('adopted');
    expect(context.journal.steps.bucket?.createdByUs).toBe(false);
  });

  it('resumes after a crash right after CreateBucket: no second create, still ours', async () => {
    const bucket = `prov-crash-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    crashAfter(s3, 'CreateBucketCommand');
    const context = await contextFor('crash', bucket);
    await expect(ensureBucket(s3, plan, context)).rejects.toThrow();
    expect(context.journal.steps.bucket?.phase).toBe('intent');
    const resumed = await contextFor('crash', bucket);
    const fresh = setup(bucket).s3;
    const sent = countCommands(fresh);
    await ensureBucket(fresh, plan, resumed);
    expect(sent).not.toContain('CreateBucketCommand');
    expect(resumed.journal.steps.bucket).toMatchObject({ phase: 'done', createdByUs: true });
  });

  it('sends a LocationConstraint for regions other than us-east-1 (RGW rejects any but its own)', async () => {
    const bucket = `prov-loc-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    const context = await contextFor('location', bucket);
    await expect(ensureBucket(s3, { ...plan, region: 'eu-west-1' }, context)).rejects.toMatchObject({
      code: 'BUCKET_LOCATION_REJECTED',
      message: expect.stringContaining('eu-west-1'),
    });
    // the server said no: the journal does not claim a bucket
    expect(context.journal.steps.bucket?.createdByUs).toBe(false);
  });

  it('says clearly when the bucket exists but belongs to someone else', async () => {
    const bucket = `prov-theirs-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    await ensureBucket(s3, plan, await contextFor('theirs-owner', bucket));
    const uid = `other-${randomUUID().slice(0, 8)}`;
    const other = { accessKeyId: `OTHER${randomUUID().slice(0, 8).toUpperCase()}`, secretAccessKey: `secret-${randomUUID()}` };
    await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${other.accessKeyId}`, `--secret=${other.secretAccessKey}`]);
    const theirs = createS3Client(storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false }), { credentials: other });
    const context = await contextFor('theirs', bucket);
    await expect(ensureBucket(theirs, plan, context)).rejects.toMatchObject({ code: 'BUCKET_FORBIDDEN', fix: expect.stringMatching(/another bucket name/) });
    expect(context.journal.steps.bucket).toBeUndefined();
  });

  it('applies Block Public Access and the lifecycle rule on RGW, reports encryption as refused, and the registry can still write', async () => {
    const bucket = `prov-set-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    const context = await contextFor('settings', bucket);
    await ensureBucket(s3, plan, context);
    const first = [
      await ensurePublicAccessBlock(s3, plan, context),
      await ensureDefaultEncryption(s3, plan, context),
      await ensureLifecycle(s3, plan, context),
    ];
    console.log('RGW bucket settings:', first.map((r) => `${r.step}=${r.outcome}: ${r.message}`).join(' | '));
    // RGW answers GetPublicAccessBlock with all four false on a new bucket, so the step updates it
    expect(first.map((r) => r.outcome)).toEqual(['updated', 'warn', 'created']);
    expect(first[1]?.message).toMatch(/InvalidArgument/);

    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual(wantedPublicAccessBlock('s3-compatible'));
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(lifecycle.Rules?.find((r) => r.ID === LIFECYCLE_RULE_ID)?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(7);
    // the bucket stays usable for the registry (see wantedPublicAccessBlock)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docker/registry/v2/probe', Body: 'y' }));
    // ... also for a registry user who gets access through a bucket policy (RGW refuses such a policy
    // while "block public policy" is on)
    const uid = `registry-${bucket}`;
    await radosgwAdmin(rgw, ['user', 'create', '--uid', uid, '--display-name', uid]);
    const policy = registryBucketPolicy({ bucket, target: 'ceph-rgw' }, `arn:aws:iam:::user/${uid}`);
    const put = await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
    expect(put.$metadata.httpStatusCode).toBe(204);

    const sent = countCommands(s3);
    const second = [
      await ensurePublicAccessBlock(s3, plan, context),
      await ensureDefaultEncryption(s3, plan, context),
      await ensureLifecycle(s3, plan, context),
    ];
    expect(second.map((r) => r.outcome)).toEqual(['unchanged', 'warn', 'unchanged']);
    expect(sent.filter((name) => /^Put(PublicAccessBlock|BucketLifecycle)/.test(name))).toEqual([]);
  });

  it('a setting changed after this tool applied it is reported as drift and left alone, until re-applying is asked for', async () => {
    const bucket = `prov-drift-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    const context = await contextFor('drift', bucket);
    await ensureBucket(s3, plan, context);
    expect((await ensurePublicAccessBlock(s3, plan, context)).outcome).toBe('updated');
    expect((await ensureLifecycle(s3, plan, context)).outcome).toBe('created');
    const off = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: off }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: 'theirs', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 3 } }] } }));

    const sent = countCommands(s3);
    const block = await ensurePublicAccessBlock(s3, plan, context);
    const lifecycle = await ensureLifecycle(s3, plan, context);
    expect(block).toMatchObject({ outcome: 'warn', drift: { current: 'IgnorePublicAcls off, BlockPublicPolicy on', wanted: 'IgnorePublicAcls on, BlockPublicPolicy off' } });
    expect(lifecycle).toMatchObject({ outcome: 'warn', drift: { current: 'no rule aborts incomplete uploads' } });
    expect(sent.filter((name) => name.startsWith('Put'))).toEqual([]);
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual(off);

    const asked = { ...plan, reapply: ['public-access-block'] as const };
    expect((await ensurePublicAccessBlock(s3, asked, context)).outcome).toBe('updated');
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual(wantedPublicAccessBlock('s3-compatible'));
    // the lifecycle was not asked for: still reported, still theirs
    expect((await ensureLifecycle(s3, asked, context)).drift).toBeDefined();
    // a new wish of this tool's own (other days) is applied without asking
    expect((await ensureLifecycle(s3, { ...plan, abortIncompleteMultipartDays: 3 }, context)).outcome).toBe('created');
  });

  it('keeps other lifecycle rules when it adds its own, and changes only its own when N differs', async () => {
    const bucket = `prov-lc-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    const context = await contextFor('lifecycle', bucket);
    await ensureBucket(s3, plan, context);
    const theirs = { ID: 'expire-tmp', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 30 } };
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [theirs] } }));
    expect((await ensureLifecycle(s3, plan, context)).outcome).toBe('created');
    expect((await ensureLifecycle(s3, { ...plan, abortIncompleteMultipartDays: 3 }, context)).outcome).toBe('updated');
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(rules.map((r) => r.ID).sort()).toEqual([LIFECYCLE_RULE_ID, 'expire-tmp'].sort());
    expect(rules.find((r) => r.ID === LIFECYCLE_RULE_ID)?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(3);
  });

  it('records the RGW 16 fault that makes BlockPublicAcls unusable there (why it stays off)', async () => {
    const bucket = `prov-bpa-${randomUUID().slice(0, 8)}`;
    const { s3, plan } = setup(bucket);
    await ensureBucket(s3, plan, await contextFor('bpa', bucket));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    const denied = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' })).then(
      () => 'written',
      (error: Error) => error.name,
    );
    // If a newer RGW fixes this, this fails, and S3-compatible servers can get all four settings too.
    expect(denied).toBe('AccessDenied');
  });
});

function crashAfter(s3: S3Client, commandName: string): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === commandName) throw new Error('simulated crash');
      return result;
    },
    { step: 'initialize', name: 'crashAfter' },
  );
}

function countCommands(s3: S3Client): string[] {
  const sent: string[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return sent;
}
