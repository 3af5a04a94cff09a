import type { Diagnosis, ProbeId, ProbeResult } from './checks';
import { shQuote } from './render/quote';
import type { StorageConfig } from './storage-config';
import type { FieldIssue } from './validation/types';

/**
 * A keyless registry (AWS only): the registry config has no access key, and DTR's hosts get credentials
 * from their EC2 instance profile. The one place for its rules and texts; the form, the renderers, the
 * checks, the bundle and the CLI all take them from here.
 *
 * Sources:
 * - Distribution's s3-aws driver (registry/storage/driver/s3-aws/s3.go, New(), 2.x): the credentials are a
 *   chain StaticProvider(accesskey, secretkey) → EnvProvider → SharedCredentialsProvider →
 *   ec2rolecreds.EC2RoleProvider; with both keys empty the static provider yields nothing and the chain
 *   falls through to the environment and then the instance role.
 * - aws-sdk-go added IMDSv2 (the session token) in v1.25.38, Nov 2019 (aws/aws-sdk-go PR #2958). Distribution
 *   2.7.1–2.8.3, so DTR/MSR 2.x, vendor 1.15.11: they only speak IMDSv1 and get no role credentials from an
 *   instance that requires IMDSv2 (HttpTokens=required).
 * - EC2 docs (HttpPutResponseHopLimit): the hop limit applies to the IMDSv2 token response; a process in a
 *   container is one hop further, so it needs a hop limit of at least 2 for IMDSv2 (Distribution v3). IMDSv1
 *   requests from containers are not limited by it.
 */

/** The role and instance profile the bundle's commands create (one name for both, as the console does). */
export const KEYLESS_ROLE_NAME = 'dtr-storage-role';

export const keylessOptionTitle = "none: DTR's hosts use an IAM role (instance profile)";

/** What the option means, next to it in the form. */
export const keylessOptionText =
  'No access key is created or stored. The registry config leaves accesskey and secretkey empty, so its AWS SDK takes ' +
  "credentials from the EC2 instance profile of each DTR host (every replica needs the role).";

/** The fix, one command per instance (<instance-id> is a placeholder the user fills in). */
export const imdsFixCommand = () =>
  'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens optional --http-put-response-hop-limit 2';

/** The IMDSv2 warning: next to the option, in the bundle README, in the validation results and the CLI. */
export const imdsWarning = {
  message:
    'DTR and MSR 2.x registries (Distribution 2.x, aws-sdk-go 1.15) cannot use IMDSv2: on an instance that requires ' +
    'IMDSv2 (HttpTokens=required, the default for AMIs marked ImdsSupport v2.0) the registry gets no role credentials ' +
    'and every storage call fails. Every DTR host must allow IMDSv1 (HttpTokens=optional).',
  fix: `On every DTR host: ${imdsFixCommand()} (hop limit 2 lets a registry in a container reach IMDSv2 too, which Distribution 3 uses).`,
} as const;

export const keylessWarning: FieldIssue = { field: 'keyless', code: 'KEYLESS_IMDSV1_REQUIRED', ...imdsWarning };

/** The config rule: only Amazon S3 hands out role credentials; an S3-compatible service has no IAM role to give. */
export function checkKeyless(config: Pick<StorageConfig, 'keyless' | 'provider'>): { errors: FieldIssue[]; warnings: FieldIssue[] } {
  if (!config.keyless) return { errors: [], warnings: [] };
  if (config.provider !== 'aws') {
    return {
      errors: [{
        field: 'keyless',
        code: 'KEYLESS_NOT_AWS',
        message: 'A registry without a key works only on Amazon S3: an S3-compatible service has no IAM role for the registry to take.',
        fix: 'Give the registry its own access key, or choose Amazon S3.',
      }],
      warnings: [],
    };
  }
  return { errors: [], warnings: [keylessWarning] };
}

/** The door rule for keys given with a keyless config (CLI environment, --include-secrets): the registry has none. */
export const keylessKeysGiven = (what: string): Diagnosis => ({
  code: 'KEYLESS_KEYS_GIVEN',
  message: `The config is keyless ("keyless": true: DTR's hosts use an IAM role), but ${what}. Those keys are not the registry's: a check or bundle made with them would prove or contain something the registry never uses.`,
  fix: 'Unset DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY (and leave out --include-secrets), or set "keyless": false if the registry has a key.',
});

/** Probes that need no identity (the network path and the server's clock); every other one acts as the registry. */
export const keylessRunnableProbes: readonly ProbeId[] = ['dns', 'tcp', 'tls', 'clock'];

/** What each probe that acts as the registry would have proved, for the "not verified" list. */
const notVerifiedText: Partial<Record<ProbeId, string>> = {
  credentials: 'that the registry gets credentials at all (its instance role, through IMDS)',
  'bucket-region': 'that the bucket is in the configured region, as seen with the registry\'s credentials',
  'missing-key': 'that the role may list the bucket, so a missing key answers 404 and not 403',
  push: 'that the role may put, upload in parts, copy and delete under the root directory',
  list: 'that the role may list and walk under the root directory',
  pull: 'that the role\'s presigned GET and HEAD URLs work',
};

/** The verdict of a probe that was not run because the registry has no key: skipped, never green. */
export function keylessNotVerified(id: ProbeId, title: string): ProbeResult {
  const diagnosis: Diagnosis = id === 'credentials'
    ? { code: 'KEYLESS_IMDSV1_REQUIRED', message: `Not verified from here: the registry has no key, so this machine cannot act as it. ${imdsWarning.message}`, fix: imdsWarning.fix }
    : {
        code: 'KEYLESS_NOT_VERIFIED',
        message: `Not verified from here: the registry has no key (DTR's hosts use an IAM role), so this machine cannot check ${notVerifiedText[id] ?? 'this'}.`,
        fix: 'After the role is attached to every DTR host, push and pull a small image through DTR: that is the proof.',
      };
  return { id, title, status: 'skipped', durationMs: 0, evidence: { notVerified: 'keyless' }, diagnosis };
}

/** A result skipped because the registry is keyless (not because another probe failed). */
export const isKeylessNotVerified = (result: Pick<ProbeResult, 'evidence'>): boolean => result.evidence.notVerified === 'keyless';

export interface TrustPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Principal: { Service: string }; Action: 'sts:AssumeRole' }[];
}

/** The role's trust policy: EC2 may assume it for the instance profile. */
export function ec2TrustPolicy(): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Ec2AssumesTheRegistryRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** Where the bundle puts the role's files (paths from the bundle's root; the script cds there). */
export const keylessBundleFiles = {
  trustPolicy: 'iam/ec2-trust-policy.json',
  script: 'iam/attach-instance-profile.sh',
} as const;

export interface InstanceProfileFiles {
  policyFile: string;
  trustPolicyFile: string;
}

export const renderTrustPolicy = (): string => `${JSON.stringify(ec2TrustPolicy(), null, 2)}\n`;

/**
 * bash: the role with the trust policy and the least-privilege policy inline, its instance profile, and per
 * instance (the script's arguments) the association and the IMDS setting. Every value single-quoted.
 */
export function instanceProfileScript(config: Pick<StorageConfig, 'region'>, files: InstanceProfileFiles): string {
  const role = shQuote(KEYLESS_ROLE_NAME);
  const region = shQuote(config.region);
  return [
    '#!/usr/bin/env bash',
    `# A keyless DTR registry: the role ${KEYLESS_ROLE_NAME} with the bucket policy, as the instance profile of every DTR host.`,
    '# Usage: bash attach-instance-profile.sh i-0123456789abcdef0 [i-… for every DTR replica]',
    '# Needs the aws CLI with IAM and EC2 rights (not the registry\'s). Run from the bundle folder.',
    'set -euo pipefail',
    'cd "$(dirname "$0")/.."',
    `aws iam get-role --role-name ${role} >/dev/null 2>&1 || aws iam create-role --role-name ${role} --assume-role-policy-document ${shQuote(`file://${files.trustPolicyFile}`)}`,
    `aws iam put-role-policy --role-name ${role} --policy-name ${shQuote('dtr-storage-s3')} --policy-document ${shQuote(`file://${files.policyFile}`)}`,
    `aws iam get-instance-profile --instance-profile-name ${role} >/dev/null 2>&1 || {`,
    `  aws iam create-instance-profile --instance-profile-name ${role}`,
    `  aws iam add-role-to-instance-profile --instance-profile-name ${role} --role-name ${role}`,
    '}',
    'for id in "$@"; do',
    '  [[ "$id" =~ ^i-[0-9a-f]{8,17}$ ]] || { echo "not an EC2 instance id: $id" >&2; exit 2; }',
    `  aws ec2 associate-iam-instance-profile --region ${region} --instance-id "$id" --iam-instance-profile Name=${role}`,
    '  # DTR/MSR 2.x (aws-sdk-go 1.15) speaks IMDSv1 only: without this the registry gets no role credentials.',
    `  aws ec2 modify-instance-metadata-options --region ${region} --instance-id "$id" --http-tokens optional --http-put-response-hop-limit 2`,
    'done',
    '',
  ].join('\n');
}
