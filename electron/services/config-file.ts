import { readFile } from 'node:fs/promises';
import { validateStorageConfig, type ConfigValidation } from '../../shared/validation';
import { findJsonError } from '../../shared/json-error-position';

/**
 * Read a JSON StorageConfig file and validate it. Never throws: an unreadable file or invalid JSON
 * comes back as a 'document' error, so every CLI command reports problems the same way. Messages never
 * quote the file's content (it might hold a secret by mistake).
 */
export async function loadStorageConfigFile(path: string): Promise<ConfigValidation> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `The config file ${path} does not exist.`
      : code === 'EACCES' ? `The config file ${path} cannot be read (permission denied).`
      : code === 'EISDIR' ? `${path} is a directory, not a config file.`
      : `The config file ${path} cannot be read (${code ?? 'unknown error'}).`;
    return { errors: [{ field: 'document', code: 'CONFIG_FILE_UNREADABLE', message, fix: 'Pass the path of a JSON StorageConfig file with --config.' }], warnings: [] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    const at = findJsonError(text);
    const where = at ? ` at line ${at.line}, column ${at.column}: expected ${at.expected}` : '';
    return {
      errors: [{ field: 'document', code: 'CONFIG_FILE_INVALID_JSON', message: `The config file ${path} is not valid JSON${where}.`, fix: 'JSON needs double-quoted names and strings, and no trailing commas or comments.' }],
      warnings: [],
    };
  }
  return validateStorageConfig(input);
}
