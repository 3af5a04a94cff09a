import { storageConfigSchema } from '../storage-config';
import { validateStorageConfig } from './index';

/**
 * The storage config as every door takes it (IPC contracts, profile save and import): the model's shape,
 * strict, AND the shared validation rules (bucket name, endpoint, region, root directory, CA, chunk size,
 * combinations), so no channel accepts a config the form or the CLI would refuse. Each error becomes a
 * zod issue on its field, "CODE: message".
 */
export const validStorageConfigSchema = storageConfigSchema.strict().superRefine((config, context) => {
  for (const error of validateStorageConfig(config).errors) {
    context.addIssue({ code: 'custom', path: error.field === 'document' ? [] : [error.field], message: `${error.code}: ${error.message}` });
  }
});
