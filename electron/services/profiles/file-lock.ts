import { linkSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/app-error';

export interface FileLockOptions {
  /**
   * Give up after this long. The holder is another process doing a millisecond-long write, but four
   * writers contending on a machine at load average 28 were measured waiting past 5 s; a lost history
   * entry is worse than a wait, so the default (20 s) stays just under the stale-lock age (30 s).
   */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its pid looks alive (pid reuse, another host). */
  staleMs?: number;
}

const processGone = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/** A lock whose writer process is gone (killed mid-write), or that is older than `staleMs`. */
function isStale(lockPath: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processGone(pid)) return true;
    return Date.now() - statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile: the next attempt will take it
  }
}

/**
 * Create the lock file with our pid already in it, atomically: the pid goes into a private file that is
 * then hard-linked to the lock name (link fails if the lock exists). Creating the lock and then writing
 * the pid would leave an empty lock, whose owner nobody can check, if the writer died in between.
 */
function tryCreateLock(lockPath: string): boolean {
  const mine = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    linkSync(mine, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}


/** A writer killed inside tryCreateLock leaves its private pid file: the next lock holder removes it. */
function removeOrphanedPidFiles(lockPath: string): void {
  const prefix = `${basename(lockPath)}.`;
  for (const name of readdirSync(dirname(lockPath))) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0 && processGone(pid)) rmSync(join(dirname(lockPath), name), { force: true });
  }
}

/**
 * Serialize read-modify-write of one file across processes (the app, and `check --profile` from cron
 * appending to the same profile's history): an exclusive-create lock file next to it. Atomic renames
 * already prevent torn files; this prevents lost updates.
 */
export async function withFileLock<T>(path: string, work: () => T | Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (tryCreateLock(lockPath)) break;
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
    removeOrphanedPidFiles(lockPath);
    return await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
