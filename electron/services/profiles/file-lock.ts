import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { AppError } from '../../../shared/app-error';

export interface FileLockOptions {
  /** Give up after this long (the holder is another process doing a millisecond-long write). */
  timeoutMs?: number;
  /** A lock file older than this was left by a crashed process and is taken over. */
  staleMs?: number;
}

/**
 * Serialize read-modify-write of one file across processes (the app, and `check --profile` from cron
 * appending to the same profile's history): an exclusive-create lock file next to it. Atomic renames
 * already prevent torn files; this prevents lost updates.
 */
export async function withFileLock<T>(path: string, work: () => T | Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(lockPath).mtimeMs > staleMs) rmSync(lockPath, { force: true });
    } catch {
      /* released meanwhile */
    }
    if (Date.now() > deadline) {
      throw new AppError({
        code: 'PROFILE_LOCKED',
        message: `Another process has been writing ${path} for more than ${Math.round(timeoutMs / 1000)} s.`,
        fix: `Try again. If no other copy of the app or CLI is running, delete ${lockPath}.`,
      });
    }
    // Jittered back-off so two waiters do not retry in lock step.
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * Math.min(50, 5 * (attempt + 1))));
  }
  try {
    return await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
