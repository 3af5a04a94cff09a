import { imdsFixCommand, imdsWarning, KEYLESS_ROLE_NAME, keylessBundleFiles } from '../../../shared/keyless';
import { mdCode, mdText } from '../../../shared/render/quote';

/** Step 1 of the README for a keyless registry: the role instead of a key, and the IMDSv2 warning. */
export function keylessReadmeLines(policyFile: string, region: string): string[] {
  return [
    `The registry has **no key**: DTR's hosts use an IAM role. ${mdCode(policyFile)} is the least-privilege policy for the role ${mdCode(KEYLESS_ROLE_NAME)}; ${mdCode(keylessBundleFiles.trustPolicy)} lets EC2 assume it (\`ec2.amazonaws.com\`, \`sts:AssumeRole\`).`,
    `Create the role and its instance profile and attach it to **every** DTR host (replicas included) with the IDs of those instances:`,
    '',
    '```sh',
    `bash ${keylessBundleFiles.script} i-0123456789abcdef0 i-0fedcba9876543210`,
    '```',
    '',
    `It runs \`aws iam create-role\`, \`put-role-policy\`, \`create-instance-profile\`, \`add-role-to-instance-profile\`, then per instance \`aws ec2 associate-iam-instance-profile\` and \`modify-instance-metadata-options\` (region ${mdCode(region)}). An instance that already has a profile: \`aws ec2 replace-iam-instance-profile-association\` instead.`,
    '',
    `> **Warning: IMDSv1 required.** ${mdText(imdsWarning.message)}`,
    `> Fix, on every DTR host: ${mdCode(imdsFixCommand())}. The hop limit (2) matters only for IMDSv2 from a container (Distribution 3); IMDSv1 requests are not limited by it.`,
    '',
    '**Not proven end to end.** This assistant cannot act as the role from the machine that made this bundle: its checks covered DNS, TCP, TLS and the clock only, and say which registry calls were not verified. The proof is a push and a pull through DTR once the role is attached.',
    '',
  ];
}

export const keylessReadmeFileRows = [
  `| ${mdCode(keylessBundleFiles.trustPolicy)} | the role's trust policy (EC2 may assume it) |`,
  `| ${mdCode(keylessBundleFiles.script)} | creates the role and instance profile, attaches it to DTR's instances, allows IMDSv1 |`,
];
