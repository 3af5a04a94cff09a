import { storageConfigSchema, type StorageConfig } from '../storage-config';
import type { ConfigValidation, FieldIssue } from './types';

export type { ConfigValidation, FieldIssue } from './types';

/** Every bucket-name rule, each with its own message. (Refined in bucket-name.ts.) */
export function validateBucketName(name: string, _opts: { provider?: StorageConfig['provider'] } = {}): FieldIssue[] {
  if (name.length < 3 || name.length > 63) {
    return [{ field: 'bucket', code: 'BUCKET_LENGTH', message: `Bucket name must be 3 to 63 characters long; it has ${name.length}.` }];
  }
  return [];
}

/** Validate an untrusted config document. `config` is set only when there are no errors. */
export function validateStorageConfig(input: unknown): ConfigValidation {
  const parsed = storageConfigSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue): FieldIssue => ({
      field: (issue.path[0] as keyof StorageConfig | undefined) ?? 'document',
      code: 'SCHEMA',
      message: issue.message,
    }));
    return { errors, warnings: [] };
  }
  const errors = validateBucketName(parsed.data.bucket, { provider: parsed.data.provider });
  return errors.length ? { errors, warnings: [] } : { config: parsed.data, errors, warnings: [] };
}
