import { join } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { quarantineFile, readBoundedFile, writePrivateFileAtomic } from '../private-files';

/** A profile or state document is a few KiB; a recheck history of 200 runs stays far below this. */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

/**
 * One JSON document in one file. Nothing is touched until the first read or write (the app must start
 * even when a file it does not need is broken). Writes are atomic (temp file, fsync, rename) and private
 * (file 0600 in a 0700 folder); reads are capped and refuse anything but a regular file.
 */
export class JsonDocumentFile {
  readonly path: string;

  constructor(directory: string, name: string) {
    this.path = join(directory, `${name}.json`);
  }

  /** The document, or undefined when the file does not exist. Empty, non-JSON or non-object files are corrupt. */
  read(): Record<string, unknown> | undefined {
    const read = readBoundedFile(this.path, MAX_DOCUMENT_BYTES, 'settings file');
    if ('missing' in read) return undefined;
    let document: unknown;
    try {
      document = JSON.parse(read.text);
    } catch {
      throw corruptFileError(this.path, read.text.trim() === '' ? 'empty' : 'not JSON');
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) throw corruptFileError(this.path, 'not a JSON object');
    return document as Record<string, unknown>;
  }

  write(document: Record<string, unknown>): void {
    writePrivateFileAtomic(this.path, `${JSON.stringify(document, null, '\t')}\n`);
  }

  /** Rename the file aside (see quarantineFile); returns where it went. */
  quarantine(): string {
    return quarantineFile(this.path);
  }
}

function corruptFileError(path: string, why: string): AppError {
  return new AppError({
    code: 'PROFILE_FILE_CORRUPT',
    message: `${path} is ${why === 'empty' ? 'empty' : `not valid (${why})`}, so it was not read (and was left unchanged).`,
    fix: 'Fix the file by hand, or move it away and import the profile again from an export.',
    cause: why,
  });
}
