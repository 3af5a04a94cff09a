import { registryBucketPolicy, type PolicyDocument, type RegistryPolicyInput } from '../iam-policy';
import { shQuote } from './quote';

/**
 * Ceph RGW's least-privilege steps for the registry: its own RGW user (not the bucket owner), and a
 * bucket policy that names that user. RGW users usually get access as the bucket's owner or through a
 * bucket policy; the policy is the Ceph RGW shape (DeleteObject on the bucket ARN, unconditioned
 * listing: see policyTargetExplanations), proved with a real registry in test/integration/registry.
 */
export interface RgwCommandsInput extends Omit<RegistryPolicyInput, 'target' | 'partition'> {
  /** The RGW user id of the registry (without a tenant). */
  uid?: string;
  /** The S3 endpoint the bucket owner's aws CLI talks to. */
  endpoint: string;
  region: string;
  /** Where the bucket policy JSON is saved before put-bucket-policy. */
  policyFile?: string;
  /** The storage's private CA file for the aws CLI (the bundle's registry/storage-ca.crt), when it has one. */
  caBundle?: string;
}

export const DEFAULT_RGW_UID = 'dtr-storage';

/** RGW names a user without a tenant as arn:aws:iam:::user/<uid> (with a tenant: arn:aws:iam::<tenant>:user/<uid>). */
export const rgwUserArn = (uid: string) => `arn:aws:iam:::user/${uid}`;

export function rgwBucketPolicy(input: RgwCommandsInput): PolicyDocument {
  return registryBucketPolicy({ ...input, target: 'ceph-rgw', partition: 'aws' }, rgwUserArn(input.uid ?? DEFAULT_RGW_UID));
}

/**
 * bash lines: on an RGW admin node, the user (its keys are printed as access_key / secret_key); then, with
 * the bucket owner's keys in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), the bucket policy.
 * Every value is single-quoted for bash, whatever it holds.
 */
export function rgwCommands(input: RgwCommandsInput): string[] {
  const uid = input.uid ?? DEFAULT_RGW_UID;
  const file = input.policyFile ?? 'dtr-storage-bucket-policy.json';
  // The aws CLI trusts only its own store: a private CA must be named, or put-bucket-policy fails the TLS check.
  const ca = input.caBundle ? ` --ca-bundle ${shQuote(input.caBundle)}` : '';
  return [
    `radosgw-admin user create --uid=${shQuote(uid)} --display-name=${shQuote(`DTR registry storage (${input.bucket})`)}`,
    `aws s3api put-bucket-policy --endpoint-url ${shQuote(input.endpoint)}${ca} --region ${shQuote(input.region)} --bucket ${shQuote(input.bucket)} --policy ${shQuote(`file://${file}`)}`,
  ];
}
