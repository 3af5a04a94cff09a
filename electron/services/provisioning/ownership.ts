import { GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetBucketTaggingCommand, PutBucketTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import { INSTALLATION_TAG } from './installation';
import type { Journal } from './journal';
import { awsErrorName, describeAwsError, isUnsupported } from './steps';

/** The tag that marks a resource as created by the installation that wrote this journal. */
export const installationTag = (journal: Journal): Record<string, string> =>
  journal.installationId ? { [INSTALLATION_TAG]: journal.installationId } : {};

async function bucketTags(s3: S3Client, bucket: string): Promise<Tag[]> {
  try {
    return (await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet ?? [];
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchTagSet' || awsErrorName(error) === 'NoSuchTagSetError') return [];
    throw error;
  }
}

/**
 * Tag a bucket this installation created (keeping any other tags). Returns why it could not, if so: the
 * bucket is then kept by rollback, which is the safe side.
 */
export async function tagBucketAsOurs(s3: S3Client, bucket: string, journal: Journal): Promise<string | undefined> {
  const tag = installationTag(journal);
  if (!tag[INSTALLATION_TAG]) return 'the journal has no installation id';
  try {
    const others = (await bucketTags(s3, bucket)).filter((t) => t.Key !== INSTALLATION_TAG);
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [...others, { Key: INSTALLATION_TAG, Value: tag[INSTALLATION_TAG] }] } }));
    return undefined;
  } catch (error) {
    // A server without tagging, or a setup key without the permission: said, and the bucket is kept later.
    // Anything else (a timeout, a crash) fails the step; a re-run adopts the bucket and tags it then.
    if (isUnsupported(error) || awsErrorName(error) === 'AccessDenied') return describeAwsError(error);
    throw error;
  }
}

/** True only when the bucket carries this installation's tag (any failure to read it proves nothing). */
export async function bucketIsOurs(s3: S3Client, bucket: string, installationId: string): Promise<boolean> {
  const tags = await bucketTags(s3, bucket).catch(() => []);
  return tags.some((t) => t.Key === INSTALLATION_TAG && t.Value === installationId);
}

/** True only when the IAM user carries this installation's tag. */
export async function userIsOurs(iam: IAMClient, user: string, installationId: string): Promise<boolean> {
  const found = await iam.send(new GetUserCommand({ UserName: user })).catch(() => undefined);
  return (found?.User?.Tags ?? []).some((t) => t.Key === INSTALLATION_TAG && t.Value === installationId);
}
