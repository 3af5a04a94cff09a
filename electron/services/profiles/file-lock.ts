import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { AppError } from '../../../shared/app-error';

export interface FileLockOptions {
  /** Give up after this long (the holder is another process doing a millisecond-long write). */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its pid looks alive (pid reuse, another host). */
  staleMs?: number;
}

/** A lock whose writer process is gone (killed mid-write), or that is older than `staleMs`. */
function isStale(lockPath: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
      }
    }
    return Date.now() - statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile: the next attempt will take it
  }
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
    if (isStale(lockPath, staleMs)) rmSync(lockPath, { force: true });
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
