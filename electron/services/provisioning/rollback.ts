import {
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  DeleteBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AppError } from '../../../shared/app-error';
import type { ProgressEvent } from '../../../shared/contract';
import type { RegistryKeySink } from './iam';
import { awsIamSite, iamError, type IamSite } from './iam-failure';
import { foreignJournal, forget, type JournalStore } from './journal';
import { bucketIsOurs, userIsOurs } from './ownership';
import { announce, awsErrorName, describeAwsError, finish, isUnsupported, type StepContext, type StepResult } from './steps';

export interface RollbackDeps {
  /** S3 with the setup credentials; needed only when the journal says the bucket is ours. */
  s3?: S3Client;
  iam?: IAMClient;
  /** Where `iam` goes, for diagnoses (default: AWS IAM). */
  iamSite?: IamSite;
  store: JournalStore;
  /** This installation's id: only its own journals, and only resources tagged with it, are deleted. */
  installationId: string;
  /** The settings file was moved aside while the id was read (installationNotices): said if the journal is then not ours. */
  notices?: readonly string[];
  /** The id was made after that move: a journal of the old one is then explained by it. */
  idRenewed?: boolean;
  keySink?: RegistryKeySink;
  /** The keychain owner whose stored key rollback forgets when it deletes that key. */
  owner?: string;
  emit: (event: ProgressEvent) => void;
  operationId: string;
  signal?: AbortSignal;
}

export interface RollbackResult {
  steps: StepResult[];
  /** True when nothing this tool created is left (the journal was cleared). */
  complete: boolean;
}

const gone = (error: unknown) => ['NoSuchEntity', 'NoSuchBucket', 'NotFound'].includes(awsErrorName(error));

/**
 * Delete exactly what the journal says this tool created, newest first: access keys, the inline policy,
 * the user, and the bucket only if it is empty. Adopted resources are never touched. Each deletion is
 * journaled at once, so an interrupted rollback can simply be run again.
 */
export async function rollbackProvisioning(deps: RollbackDeps): Promise<RollbackResult> {
  const journal = await deps.store.load();
  if (!journal) {
    throw new AppError({
      code: 'JOURNAL_NOT_FOUND',
      message: 'There is no provisioning journal, so there is nothing this tool knows it created.',
      fix: 'Pass the journal file the provisioning wrote (the same --config, or --journal).',
    });
  }
  // Proof, not trust: a journal from an imported profile or a copied file lists what someone else created.
  if (journal.installationId !== deps.installationId) throw foreignJournal(deps.idRenewed ? deps.notices : undefined);
  const context: StepContext = { operationId: deps.operationId, store: deps.store, journal, emit: deps.emit, ...(deps.signal ? { signal: deps.signal } : {}) };
  const steps: StepResult[] = [];
  const user = journal.target.iamUser;
  const needsIam = journal.createdKeyIds.length > 0 || journal.steps['iam-policy']?.createdByUs || journal.steps['iam-user']?.createdByUs;
  if (needsIam && (!deps.iam || !user)) {
    throw new AppError({ code: 'ROLLBACK_NEEDS_IAM', message: 'The journal lists IAM resources, but no IAM client was given.' });
  }

  if (deps.iam && user) {
    const site = deps.iamSite ?? awsIamSite(journal.target.region);
    const failed = (operation: string, code: 'ROLLBACK_KEY_FAILED' | 'ROLLBACK_POLICY_FAILED' | 'ROLLBACK_USER_FAILED', message: string, error: unknown) =>
      iamError(error, { operation, action: `iam:${operation}`, userName: user, failed: { code, message } }, site);
    for (const accessKeyId of [...journal.createdKeyIds]) {
      announce(context, 'access-key', `Deleting access key ${accessKeyId}`);
      await deps.iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: accessKeyId })).catch((error: unknown) => {
        if (!gone(error)) throw failed('DeleteAccessKey', 'ROLLBACK_KEY_FAILED', `Could not delete access key ${accessKeyId}.`, error);
      });
      const stored = deps.keySink && deps.owner ? await deps.keySink.loadRegistryKey(deps.owner) : undefined;
      if (stored?.accessKeyId === accessKeyId && deps.owner) await deps.keySink?.forgetRegistryKey?.(deps.owner, accessKeyId);
      journal.createdKeyIds = journal.createdKeyIds.filter((id) => id !== accessKeyId);
      await deps.store.save(journal);
      steps.push(finish(context, { step: 'access-key', outcome: 'deleted', message: `Deleted access key ${accessKeyId}` }));
    }
    if (journal.steps['iam-policy']?.createdByUs && journal.target.policyName) {
      const policyName = journal.target.policyName;
      announce(context, 'iam-policy', `Deleting inline policy ${policyName}`);
      await deps.iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: policyName })).catch((error: unknown) => {
        if (!gone(error)) throw failed('DeleteUserPolicy', 'ROLLBACK_POLICY_FAILED', `Could not delete inline policy ${policyName}.`, error);
      });
      await forget(deps.store, journal, 'iam-policy');
      steps.push(finish(context, { step: 'iam-policy', outcome: 'deleted', message: `Deleted inline policy ${policyName}` }));
    }
    if (journal.steps['iam-user']?.createdByUs && !(await userIsOurs(deps.iam, user, deps.installationId))) {
      await forget(deps.store, journal, 'iam-user');
      steps.push(finish(context, { step: 'iam-user', outcome: 'kept', message: `Kept IAM user ${user}: it does not carry this installation's tag, so nothing proves it was created here` }));
    } else if (journal.steps['iam-user']?.createdByUs) {
      announce(context, 'iam-user', `Deleting IAM user ${user}`);
      await deps.iam.send(new DeleteUserCommand({ UserName: user })).catch((error: unknown) => {
        if (gone(error)) return;
        if (awsErrorName(error) === 'DeleteConflict') {
          throw new AppError({
            code: 'ROLLBACK_USER_IN_USE',
            message: `IAM user ${user} now has keys, policies or groups this tool did not create, so it was kept.`,
            fix: 'Remove those in IAM if they are not needed, then run rollback again.',
            cause: 'DeleteConflict',
          });
        }
        throw failed('DeleteUser', 'ROLLBACK_USER_FAILED', `Could not delete IAM user ${user}.`, error);
      });
      await forget(deps.store, journal, 'iam-user');
      steps.push(finish(context, { step: 'iam-user', outcome: 'deleted', message: `Deleted IAM user ${user}` }));
    }
  }

  let bucketKept = false;
  if (journal.steps.bucket?.createdByUs) {
    const bucket = journal.target.bucket;
    if (!deps.s3) throw new AppError({ code: 'ROLLBACK_NEEDS_S3', message: 'The journal lists a bucket this tool created, but no S3 client was given.' });
    const s3 = deps.s3;
    announce(context, 'bucket', `Deleting bucket ${bucket} if it is empty`);
    const contents = await bucketContents(s3, bucket);
    if (contents !== 'gone' && !(await bucketIsOurs(s3, bucket, deps.installationId))) {
      bucketKept = true;
      steps.push(finish(context, { step: 'bucket', outcome: 'kept', message: `Kept bucket ${bucket}: it does not carry this installation's tag, so nothing proves it was created here` }));
    } else if (contents === 'gone') {
      await forget(deps.store, journal, 'bucket');
      steps.push(finish(context, { step: 'bucket', outcome: 'deleted', message: `Bucket ${bucket} no longer exists` }));
    } else if (contents) {
      bucketKept = true;
      steps.push(finish(context, { step: 'bucket', outcome: 'kept', message: `Kept bucket ${bucket}: it holds ${contents}. Delete it yourself if that data is not needed` }));
    } else {
      await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
        if (!gone(error)) throw new AppError({ code: 'ROLLBACK_BUCKET_FAILED', message: `Could not delete bucket ${bucket}.`, cause: describeAwsError(error) });
      });
      await forget(deps.store, journal, 'bucket');
      steps.push(finish(context, { step: 'bucket', outcome: 'deleted', message: `Deleted empty bucket ${bucket}` }));
    }
  }
  if (!bucketKept) await deps.store.clear();
  return { steps, complete: !bucketKept };
}

/** What keeps a bucket from being "empty": objects, old versions, or unfinished uploads. */
async function bucketContents(s3: S3Client, bucket: string): Promise<'objects' | 'unfinished multipart uploads' | 'object versions' | 'gone' | undefined> {
  try {
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    if ((objects.KeyCount ?? objects.Contents?.length ?? 0) > 0) return 'objects';
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1 }));
    if ((uploads.Uploads?.length ?? 0) > 0) return 'unfinished multipart uploads';
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1 })).catch((error: unknown) => {
      if (isUnsupported(error)) return undefined;
      throw error;
    });
    if ((versions?.Versions?.length ?? 0) + (versions?.DeleteMarkers?.length ?? 0) > 0) return 'object versions';
    return undefined;
  } catch (error) {
    if (gone(error)) return 'gone';
    throw new AppError({ code: 'ROLLBACK_BUCKET_FAILED', message: `Could not check whether bucket ${bucket} is empty.`, cause: describeAwsError(error) });
  }
}
