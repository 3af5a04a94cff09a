import { AppError } from '../../shared/app-error';
import type { StorageCredentials } from '../../shared/storage-config';
import { checkRegistryCredentials } from '../../shared/validation/registry-credentials';

/**
 * With --config, the registry keys come from the environment (never from the config file):
 * DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY, both or neither. They are the registry's key, so the shared
 * rule refuses temporary keys here too (an AppError: the CLI prints it and exits 2).
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined>): StorageCredentials | undefined {
  const accessKeyId = env.DTR_S3_ACCESS_KEY ?? '';
  const secretAccessKey = env.DTR_S3_SECRET_KEY ?? '';
  if (!accessKeyId || !secretAccessKey) return undefined;
  const [issue] = checkRegistryCredentials({ accessKeyId });
  if (issue) throw new AppError({ code: issue.code, message: `DTR_S3_ACCESS_KEY: ${issue.message}`, fix: issue.fix ?? '' });
  return { accessKeyId, secretAccessKey };
}
