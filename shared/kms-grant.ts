import type { Partition } from './validation';

/**
 * The KMS grant the registry's principal needs when objects are encrypted with SSE-KMS (the driver's
 * `encrypt` + `keyid`, or a bucket default of SSE-KMS): S3 calls kms:GenerateDataKey on every write
 * (each PutObject and multipart part) and kms:Decrypt on reads and on multipart completion.
 */
export const KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

export interface KmsGrant {
  resource: string;
  /** Set for an alias: IAM authorizes KMS calls against the key, never the alias, so the alias is a condition. */
  condition?: Record<string, Record<string, string[]>>;
}

/**
 * The IAM resource for a key as the driver's `keyid` may name it: a key ARN (used as is), a bare key id
 * (any account; key ids are unique), an alias name or an alias ARN (every key, narrowed to that alias
 * by `kms:ResourceAliases`).
 */
export function kmsGrant(partition: Partition, region: string, keyId: string): KmsGrant {
  const id = keyId.trim();
  const arn = /^arn:[\w-]+:kms:([\w-]*):(\d*):(key|alias)\/(.+)$/.exec(id);
  if (arn?.[3] === 'key') return { resource: id };
  const alias = arn ? `alias/${arn[4]}` : id.startsWith('alias/') ? id : undefined;
  const where = `arn:${partition}:kms:${arn?.[1] || region || '*'}:${arn?.[2] || '*'}`;
  if (alias) return { resource: `${where}:key/*`, condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [alias] } } };
  return { resource: `${where}:key/${id}` };
}

/** What the KMS key's own policy must allow, in words: IAM grants count only when the key policy lets them. */
export function kmsKeyPolicyNote(keyId: string): string {
  return (
    `SSE-KMS with key ${keyId}: this policy grants kms:GenerateDataKey and kms:Decrypt on it, but KMS honours IAM ` +
    "grants only when the key's own policy allows them (the default key policy's \"Enable IAM User Permissions\" " +
    'statement does). With a custom key policy, add the registry user or role to it, or pushes fail with AccessDenied ' +
    '(KMS.AccessDeniedException) although the S3 permissions are right.'
  );
}
