import { AppError } from '../../shared/app-error';
import type { ErrorCode } from '../../shared/error-codes';

/** errno codes that mean "the disk said no", not "the program is wrong": each has its own fix. */
const faults: Record<string, { code: ErrorCode; what: string; fix: string }> = {
  ENOSPC: { code: 'DISK_FULL', what: 'the disk is full', fix: 'Free some space on that disk, then run the command again.' },
  EDQUOT: { code: 'DISK_FULL', what: 'your disk quota is used up', fix: 'Free some space within your quota, then run the command again.' },
  EROFS: { code: 'DISK_READ_ONLY', what: 'the file system is read-only', fix: 'Remount it read-write, or point DTR_S3_ASSISTANT_DATA_DIR at a writable folder.' },
  EACCES: { code: 'DISK_NO_ACCESS', what: 'permission denied', fix: 'Give your user read and write access to that folder, or point DTR_S3_ASSISTANT_DATA_DIR at a folder you own.' },
  EPERM: { code: 'DISK_NO_ACCESS', what: 'the operation is not permitted', fix: 'Give your user read and write access to that folder, or point DTR_S3_ASSISTANT_DATA_DIR at a folder you own.' },
  ENOTDIR: { code: 'DISK_NO_ACCESS', what: 'a file is where a folder is expected', fix: 'Move that file away, or point DTR_S3_ASSISTANT_DATA_DIR at another folder.' },
  EISDIR: { code: 'DISK_NO_ACCESS', what: 'a folder is where a file is expected', fix: 'Move that folder away, or point DTR_S3_ASSISTANT_DATA_DIR at another folder.' },
  EIO: { code: 'DISK_IO_ERROR', what: 'the disk reported an I/O error', fix: 'Check the disk (dmesg, SMART), then run the command again.' },
  EMFILE: { code: 'DISK_IO_ERROR', what: 'too many open files', fix: 'Close other programs or raise the open-file limit (ulimit -n).' },
  ENAMETOOLONG: { code: 'DISK_NO_ACCESS', what: 'the path is too long', fix: 'Use a shorter data directory path.' },
  ELOOP: { code: 'DISK_NO_ACCESS', what: 'the path is a symbolic link loop', fix: 'Remove the looping link.' },
};

export const errnoOf = (error: unknown): string | undefined => {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
};

/** True for an errno error this module turns into a DISK_* AppError. */
export const isDiskFault = (error: unknown): boolean => !(error instanceof AppError) && Object.hasOwn(faults, errnoOf(error) ?? '');

/**
 * A file-system failure as data: the path, what the disk said and the fix, never a stack. `action` is
 * what we were doing ("write", "read", "create the folder"). AppErrors pass through unchanged.
 */
export function diskFault(error: unknown, path: string, action: string): AppError {
  if (error instanceof AppError) return error;
  const errno = errnoOf(error) ?? 'EUNKNOWN';
  const fault = faults[errno] ?? { code: 'DISK_IO_ERROR', what: `the system said ${errno}`, fix: 'Check the disk and the folder, then try again.' };
  return new AppError({ code: fault.code, message: `Cannot ${action} ${path}: ${fault.what}.`, fix: fault.fix, cause: errno });
}

/** Run file-system work; errno failures become DISK_* AppErrors naming `path`. */
export function onDisk<T>(path: string, action: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AppError || !errnoOf(error)) throw error;
    throw diskFault(error, path, action);
  }
}
