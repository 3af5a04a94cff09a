import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { createRegistryPolicy, policyInputForConfig, registryBucketPolicy, type PolicyDocument, type RegistryPolicyInput } from '../../../shared/iam-policy';
import type { StorageCredentials } from '../../../shared/storage-config';
import type { RgwInfo } from '../../services/rgw';
import { createRgwUser, removeRgwUser } from '../../services/rgw-admin-api';
import type { MatrixCase } from './matrix-cases';

/**
 * One case's RGW side: its own user (the registry's principal), its own bucket and, for the non-owner
 * cases, its own bucket owner, with the access the case describes; and the clean-up that removes them.
 * Admin calls go over plain HTTP (user policies are put by the cluster's "tester", which has the
 * user-policy caps); they are never what a case measures.
 */
export const ROOT_DIRECTORY = 'registry';

export interface CaseStorage {
  /** The registry's user; the bucket has its name. */
  uid: string;
  /** Every user the case created (the registry's, and the bucket owner when that is another one). */
  users: string[];
  bucket: string;
  keys: StorageCredentials;
  /** The policy document the case applied (user or bucket policy), for the report. */
  policy?: unknown;
}

/** Put IAM user policies as "tester" (RGW's IAM API lives on the S3 endpoint). */
export function adminIam(rgw: RgwInfo): IAMClient {
  return new IAMClient({ region: rgw.region, endpoint: rgw.httpEndpoint, credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey }, maxAttempts: 1 });
}

async function createBucket(rgw: RgwInfo, bucket: string, owner: StorageCredentials, policy?: unknown): Promise<void> {
  const s3 = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: owner, maxAttempts: 1 });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    if (policy) await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  } finally {
    s3.destroy();
  }
}

/** The app's policy input for the case's config (the target RGW gets by default, unless the case names one). */
function policyInput(c: MatrixCase, bucket: string): RegistryPolicyInput | undefined {
  if (c.principal.kind === 'owner') return undefined;
  const { flavor, scoped, target } = c.principal;
  const config = { provider: 's3-compatible' as const, bucket, rootdirectory: scoped ? ROOT_DIRECTORY : '', region: 'us-east-1', encrypt: false, keyid: '' };
  return policyInputForConfig(config, { flavor, ...(target ? { target } : {}) });
}

/** Take one action out of every statement (a statement left with none goes). */
function without(doc: PolicyDocument, action: string | undefined): PolicyDocument {
  if (!action) return doc;
  const Statement = doc.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== action) })).filter((s) => s.Action.length > 0);
  return { ...doc, Statement };
}

export async function createCaseStorage(rgw: RgwInfo, iam: IAMClient, c: MatrixCase, suffix: string): Promise<CaseStorage> {
  const uid = `mx-${c.id}-${suffix}`;
  const bucket = uid;
  const keys = await createRgwUser(rgw, uid);
  const storage: CaseStorage = { uid, users: [uid], bucket, keys };
  const putUserPolicy = (name: string, doc: unknown) =>
    iam.send(new PutUserPolicyCommand({ UserName: uid, PolicyName: name, PolicyDocument: JSON.stringify(doc) }));
  if (c.principal.kind === 'owner') {
    await createBucket(rgw, bucket, keys);
    if (c.principal.deny?.length) {
      storage.policy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: c.principal.deny, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
      };
      await putUserPolicy('matrix-deny', storage.policy);
    }
    return storage;
  }
  const owner = `${uid}-owner`;
  const ownerKeys = await createRgwUser(rgw, owner);
  storage.users.push(owner);
  const input = policyInput(c, bucket) as RegistryPolicyInput;
  if (c.principal.kind === 'user-policy') {
    storage.policy = without(createRegistryPolicy(input), c.principal.without);
    await createBucket(rgw, bucket, ownerKeys);
    await putUserPolicy('registry', storage.policy);
  } else {
    storage.policy = without(registryBucketPolicy(input, `arn:aws:iam:::user/${uid}`), c.principal.without);
    await createBucket(rgw, bucket, ownerKeys, storage.policy);
  }
  return storage;
}

/** Remove the case's users with their buckets (every object and upload in them). */
export async function removeCaseStorage(rgw: RgwInfo, storage: Pick<CaseStorage, 'users'>): Promise<void> {
  await Promise.all(storage.users.map((uid) => removeRgwUser(rgw, uid)));
}
