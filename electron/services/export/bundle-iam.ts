import { iamBundleFiles, type IamSteps } from '../../../shared/render/iam-steps';
import { mdFence } from '../../../shared/render/quote';

/**
 * The bundle's IAM part in words and as a script, for the server the IAM step showed (iamSteps): the
 * files the commands name sit next to the script, so it runs from the bundle's folder.
 */

const serverTitle: Record<IamSteps['server'], string> = { aws: 'Amazon S3', 'ceph-rgw': 'Ceph RGW', minio: 'MinIO', other: 'this S3-compatible service' };

/** iam-commands.sh: the commands exactly as rendered, with the preconditions checked first. */
export function iamCommandsScript(steps: IamSteps): string {
  const needs =
    steps.server === 'minio'
      // (no apostrophe in these words: bash reads one inside "${…:?…}" as a quote)
      ? [': "${DTR_STORAGE_SECRET_KEY:?set it to the new secret key of the registry user}"']
      : [': "${AWS_ACCESS_KEY_ID:?set the keys of the bucket owner (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): they sign put-bucket-policy}"'];
  const where =
    steps.server === 'minio'
      ? '# Needs mc with an alias for the MinIO server (mc alias set myminio URL ADMIN-KEY ADMIN-SECRET).'
      : '# Needs radosgw-admin (an RGW admin node) and the aws CLI; radosgw-admin prints the new user\'s keys.';
  return [
    '#!/usr/bin/env bash',
    `# The registry's own user on ${serverTitle[steps.server]}, as the wizard's IAM step showed it.`,
    where,
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    ...needs,
    ...steps.commands,
    '',
  ].join('\n');
}

/** README step 1 for the chosen server. */
export function iamReadmeLines(steps: IamSteps, scoped: boolean): string[] {
  const policy = `\`${iamBundleFiles.policy}\` is the least-privilege policy for this bucket${scoped ? ' and root directory' : ''}`;
  if (steps.server === 'ceph-rgw') {
    return [
      `${policy}, in the shape Ceph RGW enforces. On RGW the registry gets its own user and a bucket policy naming it:`,
      `\`${iamBundleFiles.commands}\` creates the user (\`radosgw-admin\`, on an admin node; it prints the user's \`access_key\` and \`secret_key\`) and,`,
      `with the bucket owner's keys in \`AWS_ACCESS_KEY_ID\`/\`AWS_SECRET_ACCESS_KEY\`, puts \`${iamBundleFiles.rgwBucketPolicy}\` on the bucket` +
        (steps.caFile ? ` (the aws CLI trusts the storage CA \`${steps.caFile}\`).` : '.'),
      'Run it from this folder:',
      '',
      ...mdFence('sh', steps.commands.join('\n')),
      '',
    ];
  }
  if (steps.server === 'minio') {
    return [
      `${policy}, in the shape MinIO accepts. \`${iamBundleFiles.commands}\` creates the registry's user with \`mc\` and attaches it;`,
      'set `DTR_STORAGE_SECRET_KEY` to the new user\'s secret first. Run it from this folder:',
      '',
      ...mdFence('sh', steps.commands.join('\n')),
      '',
    ];
  }
  if (steps.server === 'aws') {
    return [
      `${policy}. On AWS, attach it to the IAM user or role DTR uses (\`dtr-s3-assistant provision\` does it for a new user), e.g.`,
      `\`aws iam put-user-policy --user-name dtr-registry --policy-name dtr-registry-s3 --policy-document file://${iamBundleFiles.policy}\`.`,
      '',
    ];
  }
  return [`${policy}. This S3-compatible service applies its own policy model: grant the same actions there, to a user of the registry's own.`, ''];
}
