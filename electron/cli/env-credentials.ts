import type { StorageCredentials } from '../../shared/storage-config';

/**
 * With --config, the registry keys come from the environment (never from the config file):
 * DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY, both or neither.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined>): StorageCredentials | undefined {
  const accessKeyId = env.DTR_S3_ACCESS_KEY ?? '';
  const secretAccessKey = env.DTR_S3_SECRET_KEY ?? '';
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}
