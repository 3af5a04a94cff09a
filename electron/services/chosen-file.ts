import { AppError } from '../../shared/app-error';
import { diskFault, errnoOf } from './disk-fault';
import { replaceFileAtomic } from './private-files';

/**
 * Write a file where the user chose (a save dialog's path, a CLI `--out`): owner-only (0600, a profile or a
 * report names hosts and key IDs), atomically (replaceFileAtomic: a crash leaves the old file or the new
 * one, never half of one), and a refusal from the disk as data that names the path and says what to do,
 * never a stack. Unlike the app's own files (writePrivateFileAtomic), the folder is the user's: it is
 * neither created nor re-moded. The IPC handlers and the CLI both write through here.
 */
export async function writeChosenFile(path: string, text: string): Promise<void> {
  try {
    replaceFileAtomic(path, text);
  } catch (error) {
    throw chosenFileFault(error, path);
  }
}

/** The disk's refusal in the words of a chosen file: the fixes about the app's data folder do not apply here. */
function chosenFileFault(error: unknown, path: string): unknown {
  if (error instanceof AppError || !errnoOf(error)) return error;
  if (errnoOf(error) === 'ENOENT') {
    return new AppError({ code: 'DISK_NO_ACCESS', message: `Cannot write ${path}: its folder does not exist.`, fix: 'Choose a folder that exists, or create it first.', cause: 'ENOENT' });
  }
  if (errnoOf(error) === 'EISDIR') {
    return new AppError({ code: 'DISK_NO_ACCESS', message: `Cannot write ${path}: it is a folder.`, fix: 'Give a file name inside that folder.', cause: 'EISDIR' });
  }
  const fault = diskFault(error, path, 'write');
  const fix = fault.code === 'DISK_NO_ACCESS' || fault.code === 'DISK_READ_ONLY' ? 'Choose a folder you can write to (your home folder, for example).' : fault.fix;
  return new AppError({ ...fault.toData(), ...(fix ? { fix } : {}) });
}
