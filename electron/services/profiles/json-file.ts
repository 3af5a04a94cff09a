import Conf from 'conf';
import { AppError } from '../../../shared/app-error';

/**
 * One JSON document in one file, on `conf` (electron-store's base class, which runs without Electron):
 * every write goes to a temporary file that is renamed over the old one, so a crash mid-write leaves
 * either the old or the new document, never half of one. Files are readable by the user only.
 */
export class JsonDocumentFile {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(directory: string, name: string) {
    try {
      this.conf = new Conf<Record<string, unknown>>({
        cwd: directory,
        configName: name,
        // Profile names contain dots; they must never be read as nested key paths.
        accessPropertiesByDotNotation: false,
        configFileMode: 0o600,
        clearInvalidConfig: false,
      });
    } catch (error) {
      throw corruptFileError(`${directory}/${name}.json`, error);
    }
  }

  get path(): string {
    return this.conf.path;
  }

  /** The document, or undefined when the file does not exist or is empty. */
  read(): Record<string, unknown> | undefined {
    let document: Record<string, unknown>;
    try {
      document = this.conf.store;
    } catch (error) {
      throw corruptFileError(this.conf.path, error);
    }
    return Object.keys(document).length === 0 ? undefined : { ...document };
  }

  write(document: Record<string, unknown>): void {
    try {
      this.conf.store = document;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      throw new AppError({
        code: 'PROFILE_WRITE_FAILED',
        message: `Cannot write ${this.conf.path} (${code}).`,
        fix: 'Check that the disk has space and that the folder is writable by you.',
        cause: code,
      });
    }
  }
}

function corruptFileError(path: string, error: unknown): AppError {
  const syntax = error instanceof SyntaxError;
  return new AppError({
    code: syntax ? 'PROFILE_FILE_CORRUPT' : 'PROFILE_READ_FAILED',
    message: syntax ? `${path} is not valid JSON, so it was not read (and was left unchanged).` : `Cannot read ${path}.`,
    fix: syntax
      ? 'Fix the file by hand, or move it away and import the profile again from an export.'
      : 'Check that the file exists and is readable by you.',
    cause: (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.name : undefined),
  });
}
