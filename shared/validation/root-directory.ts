import type { FieldIssue } from './types';

/**
 * Distribution's S3 driver builds every key as
 *   strings.TrimLeft(strings.TrimRight(rootdirectory, "/") + path, "/")
 * with `path` always starting with "/" (registry/storage/driver/s3-aws/s3.go, s3Path). So leading and
 * trailing slashes of the root directory do not matter, and inner ones are kept as they are.
 */
export function normalizeRootDirectory(rootdirectory: string): string {
  return rootdirectory.replace(/\/+$/, '').replace(/^\/+/, '');
}

/** The object key the driver uses for a storage path ("/docker/registry/v2/..."), exactly as s3Path does. */
export function s3KeyForPath(rootdirectory: string, path: string): string {
  return (rootdirectory.replace(/\/+$/, '') + path).replace(/^\/+/, '');
}

/** The key prefix that holds everything the registry writes: '' for the bucket root, else "<root>/". */
export function rootKeyPrefix(rootdirectory: string): string {
  const root = normalizeRootDirectory(rootdirectory);
  return root ? `${root}/` : '';
}

export function checkRootDirectory(rootdirectory: string): { errors: FieldIssue[]; warnings: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const root = normalizeRootDirectory(rootdirectory);
  // S3 keys are at most 1024 bytes; the registry's own paths need room after the prefix.
  const bytes = new TextEncoder().encode(root).length;
  if (bytes > 512) {
    errors.push({ field: 'rootdirectory', code: 'ROOTDIR_TOO_LONG', message: `The root directory is ${bytes} bytes long; keep it under 512 so the registry's keys stay under S3's 1024-byte limit.` });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(root)) {
    errors.push({ field: 'rootdirectory', code: 'ROOTDIR_CONTROL_CHARACTER', message: 'The root directory contains a control character.' });
  }
  if (root.includes('//')) {
    warnings.push({ field: 'rootdirectory', code: 'ROOTDIR_EMPTY_SEGMENT', message: `The root directory "${rootdirectory}" contains "//"; the driver keeps it, so keys get an empty path segment.`, fix: `Use "/${root.replace(/\/{2,}/g, '/')}".` });
  }
  if (root.split('/').some((segment) => segment === '.' || segment === '..')) {
    warnings.push({ field: 'rootdirectory', code: 'ROOTDIR_DOT_SEGMENT', message: 'The root directory contains "." or ".." segments; S3 keeps them literally, they do not move up or stay in place.' });
  }
  if (/\s|\\/.test(root)) {
    warnings.push({ field: 'rootdirectory', code: 'ROOTDIR_UNUSUAL_CHARACTER', message: 'The root directory contains spaces or backslashes; they work in S3 keys but are easy to get wrong in policies and tools.' });
  }
  return { errors, warnings };
}
