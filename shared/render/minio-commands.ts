import type { RegistryPolicyInput } from '../iam-policy';
import { shQuote } from './quote';

export interface MinioCommandsInput extends RegistryPolicyInput {
  /** The `mc alias` of the MinIO server. */
  alias?: string;
  user?: string;
  policyName?: string;
  /** Where the policy JSON is saved before `mc admin policy create`. */
  policyFile?: string;
}

/**
 * The `mc` commands that create the same least-privilege user on MinIO. The secret key is never
 * written here: it is read from the environment variable the admin sets just before running them.
 * Every value is single-quoted for bash (shared/render/quote.ts), whatever it holds.
 */
export function minioCommands(input: MinioCommandsInput): string[] {
  const alias = shQuote(input.alias ?? 'myminio');
  const user = shQuote(input.user ?? 'dtr-storage');
  const policyName = shQuote(input.policyName ?? `dtr-storage-${input.bucket}`);
  const file = shQuote(input.policyFile ?? 'dtr-storage-policy.json');
  return [
    `mc admin user add ${alias} ${user} "$DTR_STORAGE_SECRET_KEY"`,
    `mc admin policy create ${alias} ${policyName} ${file}`,
    `mc admin policy attach ${alias} ${policyName} --user ${user}`,
  ];
}
