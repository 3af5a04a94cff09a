import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type S3Client,
  type ServerSideEncryptionByDefault,
} from '@aws-sdk/client-s3';
import { AppError } from '../../../shared/app-error';
import type { BucketSetting } from '../../../shared/channels/provision';
import { diagnoseS3Failure, s3FailureError, S3_OPS, type S3CallSite } from '../checks/s3-call';
import { createdEarlier, record } from './journal';
import { tagBucketAsOurs } from './ownership';
import { announce, awsErrorName, describeAwsError, finish, httpStatusOf, isUnsupported, type StepContext, type StepResult } from './steps';
import { awsS3EndpointUrl } from '../../../shared/storage-endpoint';

export interface BucketPlan {
  bucket: string;
  region: string;
  /** On AWS a bucket in another region is an error; S3-compatible servers report their own names. */
  provider: 'aws' | 's3-compatible';
  /** SSE-KMS with this key id; absent means SSE-S3 (AES256). */
  kmsKeyId?: string;
  /** Days after which incomplete multipart uploads are aborted (the driver never cleans them up). */
  abortIncompleteMultipartDays: number;
  /** The endpoint the setup client talks to, for diagnoses (default: AWS's regional endpoint). */
  endpointUrl?: string;
  /** Settings that drifted since this tool applied them: re-applied only when named here (the user asked). */
  reapply?: readonly BucketSetting[];
}

const siteOf = (plan: BucketPlan): S3CallSite => ({ endpointUrl: plan.endpointUrl ?? awsS3EndpointUrl(plan.region), config: plan });

/**
 * A 403 on HEAD has no body to name its cause. ListBuckets (a GET) does: a wrong secret or an unknown key
 * is diagnosed as such; undefined when the key itself is accepted (then the bucket is someone else's).
 */
async function credentialProblem(s3: S3Client, plan: BucketPlan): Promise<AppError | undefined> {
  try {
    await s3.send(new ListBucketsCommand({}));
    return undefined;
  } catch (error) {
    const diagnosis = diagnoseS3Failure(error, S3_OPS.listBuckets, siteOf(plan));
    return ['SIGNATURE_MISMATCH', 'UNKNOWN_ACCESS_KEY', 'CLOCK_SKEW'].includes(diagnosis.code) ? new AppError(diagnosis) : undefined;
  }
}

export const LIFECYCLE_RULE_ID = 'dtr-abort-incomplete-multipart-uploads';

/** Create the bucket, or adopt it when it is already ours. */
export async function ensureBucket(s3: S3Client, plan: BucketPlan, context: StepContext): Promise<StepResult> {
  announce(context, 'bucket', `Looking for bucket ${plan.bucket}`);
  const ours = createdEarlier(context.journal, 'bucket');
  const existing = await headBucket(s3, plan);
  if (existing === 'exists') {
    // Resumed after a crash between CreateBucket and its tag: tag it now, so rollback can prove it is ours.
    if (ours) await tagBucketAsOurs(s3, plan.bucket, context.journal);
    await record(context.store, context.journal, 'bucket', { phase: 'done', outcome: ours ? 'created' : 'adopted', createdByUs: ours });
    return finish(context, { step: 'bucket', outcome: 'adopted', message: `Bucket ${plan.bucket} already exists and is yours: adopted` });
  }
  // Announce the creation before the call, so a crash right after it still counts the bucket as ours.
  await record(context.store, context.journal, 'bucket', { phase: 'intent', createdByUs: true });
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: plan.bucket,
        // us-east-1 is the one region where a LocationConstraint must be left out.
        ...(plan.region && plan.region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: plan.region as never } } : {}),
      }),
    );
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'BucketAlreadyOwnedByYou') {
      await record(context.store, context.journal, 'bucket', { phase: 'done', outcome: ours ? 'created' : 'adopted', createdByUs: ours });
      return finish(context, { step: 'bucket', outcome: 'adopted', message: `Bucket ${plan.bucket} is already yours: adopted` });
    }
    // Only a definite "no" from the server clears the intent; after a timeout the bucket may exist.
    const status = httpStatusOf(error);
    if (status && status >= 400 && status < 500) {
      await record(context.store, context.journal, 'bucket', { phase: 'done', outcome: 'skipped', createdByUs: ours });
    }
    throw createBucketError(plan, error);
  }
  const untagged = await tagBucketAsOurs(s3, plan.bucket, context.journal);
  await record(context.store, context.journal, 'bucket', { phase: 'done', outcome: 'created', createdByUs: true });
  const note = untagged ? ` (not tagged as this installation's: ${untagged}; rollback will keep it)` : '';
  return finish(context, { step: 'bucket', outcome: 'created', message: `Created bucket ${plan.bucket} in ${plan.region || 'us-east-1'}${note}` });
}

async function headBucket(s3: S3Client, plan: BucketPlan): Promise<'exists' | 'missing'> {
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: plan.bucket }));
    if (plan.provider === 'aws' && head.BucketRegion && plan.region && head.BucketRegion !== plan.region) {
      throw wrongRegion(plan, head.BucketRegion);
    }
    return 'exists';
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = httpStatusOf(error);
    if (status === 404 || awsErrorName(error) === 'NotFound' || awsErrorName(error) === 'NoSuchBucket') return 'missing';
    // S3 names the bucket's region in this header, even on the 301 and 403 answers.
    const region = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['x-amz-bucket-region'];
    if (status === 301) throw wrongRegion(plan, region);
    if (status === 403) {
      const credentials = await credentialProblem(s3, plan);
      if (credentials) throw credentials;
      throw new AppError({
        code: 'BUCKET_FORBIDDEN',
        message: `Bucket ${plan.bucket} exists, but these setup credentials may not use it: it belongs to another account, or they lack s3:ListBucket on it.`,
        fix: 'Choose another bucket name, or use setup credentials of the account that owns the bucket.',
        cause: describeAwsError(error),
      });
    }
    throw s3FailureError(error, S3_OPS.headBucket, siteOf(plan));
  }
}

function wrongRegion(plan: BucketPlan, actual: string | undefined): AppError {
  return new AppError({
    code: 'BUCKET_OTHER_REGION',
    message: `Bucket ${plan.bucket} already exists in region ${actual ?? 'another region'}, not in ${plan.region}.`,
    fix: actual ? `Set the region to ${actual}, or choose another bucket name.` : 'Correct the region, or choose another bucket name.',
  });
}

function createBucketError(plan: BucketPlan, error: unknown): AppError {
  const name = awsErrorName(error);
  if (name === 'BucketAlreadyExists') {
    return new AppError({
      code: 'BUCKET_TAKEN',
      message: `The bucket name ${plan.bucket} is taken: someone else owns a bucket with that name (bucket names are global).`,
      fix: 'Choose another bucket name, for example with your organisation or account as a prefix.',
      cause: name,
    });
  }
  if (name === 'InvalidLocationConstraint' || name === 'IllegalLocationConstraint') {
    return new AppError({
      code: 'BUCKET_LOCATION_REJECTED',
      message: `The server rejected region ${plan.region} as the bucket's location.`,
      fix: 'Use the region the endpoint serves (for Ceph RGW and MinIO, the region the server is configured with).',
      cause: name,
    });
  }
  return s3FailureError(error, { operation: 'CreateBucket', action: 's3:CreateBucket' }, siteOf(plan));
}

const settingTitles: Record<BucketSetting, string> = {
  'public-access-block': 'Block Public Access',
  encryption: 'Default encryption',
  lifecycle: 'The rule that aborts incomplete multipart uploads',
};

/** A bucket setting the endpoint may not implement: report what was NOT applied instead of failing provisioning. */
async function unlessUnsupported(
  context: StepContext,
  plan: BucketPlan,
  step: BucketSetting,
  work: () => Promise<StepResult>,
): Promise<StepResult> {
  try {
    return await work();
  } catch (error) {
    // Ceph RGW answers InvalidArgument to default encryption when no SSE backend is configured.
    const refused = plan.provider === 's3-compatible' && step === 'encryption' && awsErrorName(error) === 'InvalidArgument';
    if (!isUnsupported(error) && !refused) throw error;
    await record(context.store, context.journal, step, { phase: 'done', outcome: 'warn', createdByUs: false });
    const consequence = step === 'encryption' ? ': objects are not encrypted at rest by a bucket default' : '';
    return finish(context, { step, outcome: 'warn', message: `${settingTitles[step]} is NOT set: this endpoint ${refused ? 'refused' : 'does not support'} it (${describeAwsError(error)})${consequence}` });
  }
}

/**
 * A setting this tool applied (or found as wanted) in an earlier run, and that differs now: someone changed
 * it on purpose. Re-applying it silently would undo their choice, so it is reported as drift and left as it
 * is, unless the user asked for it (plan.reapply). The journal keeps the earlier record: the drift is
 * reported again on the next re-check, until it is re-applied or this tool's wish changes.
 */
async function driftUnlessAsked(
  context: StepContext, plan: BucketPlan, step: BucketSetting, wish: string, current: string, wanted: string,
): Promise<StepResult | undefined> {
  const earlier = context.journal.steps[step];
  const appliedEarlier = earlier?.phase === 'done' && (earlier.outcome === 'created' || earlier.outcome === 'updated' || earlier.outcome === 'unchanged');
  // A new wish (another KMS key, other days) is the user's own change of the plan: applied as asked.
  const sameWish = earlier?.applied === undefined || earlier.applied === wish;
  if (!appliedEarlier || !sameWish || plan.reapply?.includes(step)) return undefined;
  return finish(context, {
    step,
    outcome: 'warn',
    message: `${settingTitles[step]} was changed since this tool set it; left as it is (re-apply it only if you want it back)`,
    drift: { current, wanted },
  });
}

const onOff = (value: boolean | undefined) => (value ? 'on' : 'off');

/**
 * All four settings on AWS. On S3-compatible servers BlockPublicAcls stays off: Ceph RGW 16 then denies
 * every PutObject, even without an ACL (measured). BlockPublicPolicy stays off there too: RGW 16 counts a
 * bucket policy that names another user as "public" and refuses it (measured), and that policy is how an
 * RGW registry user gets access. IgnorePublicAcls and RestrictPublicBuckets still hold.
 */
export function wantedPublicAccessBlock(provider: BucketPlan['provider']) {
  const aws = provider === 'aws';
  return { BlockPublicAcls: aws, IgnorePublicAcls: true, BlockPublicPolicy: aws, RestrictPublicBuckets: true };
}

export async function ensurePublicAccessBlock(s3: S3Client, plan: BucketPlan, context: StepContext): Promise<StepResult> {
  announce(context, 'public-access-block', 'Checking Block Public Access');
  return unlessUnsupported(context, plan, 'public-access-block', async () => {
    const current = await s3
      .send(new GetPublicAccessBlockCommand({ Bucket: plan.bucket }))
      .then((r) => r.PublicAccessBlockConfiguration)
      .catch((error: unknown) => {
        if (awsErrorName(error) === 'NoSuchPublicAccessBlockConfiguration') return undefined;
        throw error;
      });
    const wanted = wantedPublicAccessBlock(plan.provider);
    const wish = JSON.stringify(wanted);
    const differing = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((key) => (current?.[key] ?? false) !== wanted[key]);
    if (current && differing.length === 0) {
      await record(context.store, context.journal, 'public-access-block', { phase: 'done', outcome: 'unchanged', createdByUs: false, applied: wish });
      return finish(context, { step: 'public-access-block', outcome: 'unchanged', message: 'Block Public Access is already as wanted' });
    }
    const drift = await driftUnlessAsked(context, plan, 'public-access-block', wish,
      differing.map((key) => `${key} ${onOff(current?.[key])}`).join(', '), differing.map((key) => `${key} ${onOff(wanted[key])}`).join(', '));
    if (drift) return drift;
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: plan.bucket, PublicAccessBlockConfiguration: wanted }));
    const outcome = current ? 'updated' : 'created';
    await record(context.store, context.journal, 'public-access-block', { phase: 'done', outcome, createdByUs: false, applied: wish });
    const which = wanted.BlockPublicAcls ? 'all four settings' : 'public ACLs ignored, public buckets restricted; bucket policies for the registry user allowed';
    return finish(context, { step: 'public-access-block', outcome, message: `Turned Block Public Access on (${which})` });
  });
}

export async function ensureDefaultEncryption(s3: S3Client, plan: BucketPlan, context: StepContext): Promise<StepResult> {
  const label = plan.kmsKeyId ? `SSE-KMS with key ${plan.kmsKeyId}` : 'SSE-S3 (AES256)';
  announce(context, 'encryption', `Checking default encryption (${label})`);
  return unlessUnsupported(context, plan, 'encryption', async () => {
    const current = await s3
      .send(new GetBucketEncryptionCommand({ Bucket: plan.bucket }))
      .then((r) => r.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault)
      .catch((error: unknown) => {
        if (awsErrorName(error) === 'ServerSideEncryptionConfigurationNotFoundError') return undefined;
        throw error;
      });
    const wanted: ServerSideEncryptionByDefault = plan.kmsKeyId
      ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: plan.kmsKeyId }
      : { SSEAlgorithm: 'AES256' };
    if (current && current.SSEAlgorithm === wanted.SSEAlgorithm && (current.KMSMasterKeyID ?? '') === (wanted.KMSMasterKeyID ?? '')) {
      await record(context.store, context.journal, 'encryption', { phase: 'done', outcome: 'unchanged', createdByUs: false, applied: label });
      return finish(context, { step: 'encryption', outcome: 'unchanged', message: `Default encryption is already ${label}` });
    }
    const now = current ? `${current.SSEAlgorithm ?? 'unknown'}${current.KMSMasterKeyID ? ` with key ${current.KMSMasterKeyID}` : ''}` : 'none';
    const drift = await driftUnlessAsked(context, plan, 'encryption', label, now, label);
    if (drift) return drift;
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: plan.bucket,
        ServerSideEncryptionConfiguration: {
          // a bucket key cuts KMS request costs; it means nothing for SSE-S3
          Rules: [{ ApplyServerSideEncryptionByDefault: wanted, ...(plan.kmsKeyId ? { BucketKeyEnabled: true } : {}) }],
        },
      }),
    );
    const outcome = current ? 'updated' : 'created';
    await record(context.store, context.journal, 'encryption', { phase: 'done', outcome, createdByUs: false, applied: label });
    return finish(context, { step: 'encryption', outcome, message: `Default encryption set to ${label}` });
  });
}

const abortsAfter = (rule: LifecycleRule, days: number) =>
  rule.Status === 'Enabled' &&
  rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation === days &&
  !rule.Filter?.And &&
  !rule.Filter?.Tag &&
  !rule.Filter?.Prefix &&
  !rule.Prefix;

export async function ensureLifecycle(s3: S3Client, plan: BucketPlan, context: StepContext): Promise<StepResult> {
  const days = plan.abortIncompleteMultipartDays;
  announce(context, 'lifecycle', `Checking the rule that aborts incomplete multipart uploads after ${days} days`);
  return unlessUnsupported(context, plan, 'lifecycle', async () => {
    const rules = await s3
      .send(new GetBucketLifecycleConfigurationCommand({ Bucket: plan.bucket }))
      .then((r) => r.Rules ?? [])
      .catch((error: unknown) => {
        if (awsErrorName(error) === 'NoSuchLifecycleConfiguration') return [];
        throw error;
      });
    if (rules.some((rule) => abortsAfter(rule, days))) {
      await record(context.store, context.journal, 'lifecycle', { phase: 'done', outcome: 'unchanged', createdByUs: false, applied: String(days) });
      return finish(context, { step: 'lifecycle', outcome: 'unchanged', message: `A rule already aborts incomplete uploads after ${days} days` });
    }
    const mine = rules.find((rule) => rule.ID === LIFECYCLE_RULE_ID);
    const now = mine ? `rule ${LIFECYCLE_RULE_ID}: ${mine.Status ?? 'unknown'}, abort after ${mine.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? '–'} days` : 'no rule aborts incomplete uploads';
    const drift = await driftUnlessAsked(context, plan, 'lifecycle', String(days), now, `rule ${LIFECYCLE_RULE_ID}: abort incomplete uploads after ${days} days`);
    if (drift) return drift;
    // The API replaces the whole configuration: keep every other rule, replace only ours.
    const ours: LifecycleRule = {
      ID: LIFECYCLE_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: days },
    };
    const others = rules.filter((rule) => rule.ID !== LIFECYCLE_RULE_ID);
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({ Bucket: plan.bucket, LifecycleConfiguration: { Rules: [...others, ours] } }),
    );
    const outcome = others.length === rules.length ? 'created' : 'updated';
    await record(context.store, context.journal, 'lifecycle', { phase: 'done', outcome, createdByUs: false, applied: String(days) });
    return finish(context, { step: 'lifecycle', outcome, message: `Incomplete multipart uploads are now aborted after ${days} days` });
  });
}
