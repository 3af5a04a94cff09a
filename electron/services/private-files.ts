import { closeSync, constants, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, chmodSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/app-error';
import { onDisk } from './disk-fault';

/**
 * Files this app keeps for the user alone: folders 0700 and files 0600 whatever the umask (mode bits
 * given to mkdir/open are only ever narrowed by the umask, and an existing folder is tightened), and
 * reads that stop at a size cap whatever the file is (a FIFO, /dev/zero or a huge sparse file).
 */
export function ensurePrivateDir(dir: string): void {
  onDisk(dir, 'create the folder', () => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      // A recursive mkdir on a read-only file system reports ENOENT; the plain one says EROFS.
      if (!existsSync(dirname(dir))) throw error;
      mkdirSync(dir, { mode: 0o700 });
    }
    // A folder made by an older version (or by hand) under a 022 umask is group/world readable.
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  });
}

/** Write `text` to `path` atomically (temp file, fsync, rename): a crash leaves the old or the new file. */
export function writePrivateFileAtomic(path: string, text: string): void {
  ensurePrivateDir(dirname(path));
  onDisk(path, 'write', () => replaceFileAtomic(path, text));
}

/**
 * The atomic write itself, for a folder that already exists: an owner-only (0600) temporary file beside
 * `path`, written and flushed, then renamed over it; the temporary file is removed if any step fails.
 * Errors are the raw errno errors (callers say what they mean for their file).
 */
export function replaceFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export type BoundedRead = { text: string } | { missing: true };

/**
 * Read a regular file of at most `maxBytes`. Opened non-blocking, so a FIFO cannot hang the open; anything
 * but a regular file is refused, and at most maxBytes + 1 bytes are ever read (st_size lies for /proc and
 * devices). ENOENT is `missing`; other errno failures become DISK_* errors naming the path.
 */
export function readBoundedFile(path: string, maxBytes: number, what = 'file'): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return onDisk(path, 'read', () => {
      throw error;
    });
  }
  try {
    return onDisk(path, 'read', () => {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        throw new AppError({ code: 'FILE_NOT_REGULAR', message: `${path} is not a regular file, so it was not read.`, fix: `Choose the ${what} itself, not a device, pipe or folder.` });
      }
      if (stat.size > maxBytes) throw tooLarge(path, stat.size, maxBytes, what);
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      // Bounded: each read returns at least one byte or ends the loop, and the buffer holds maxBytes + 1.
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n <= 0) break;
        length += n;
        if (length > maxBytes) throw tooLarge(path, length, maxBytes, what);
      }
      return { text: buffer.subarray(0, length).toString('utf8') };
    });
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, size: number, maxBytes: number, what: string): AppError {
  return new AppError({
    code: 'FILE_TOO_LARGE',
    message: `${path} is larger than the ${maxBytes}-byte limit for a ${what} (at least ${size} bytes); it was not read.`,
    fix: `Choose the ${what} itself, not an archive or a disk image.`,
  });
}

/**
 * Move a state file that cannot be used (corrupt, empty, from a newer version) aside, next to where it
 * was, so the app can go on and the user can still inspect it. Returns the new path.
 */
export function quarantineFile(path: string, now: Date = new Date()): string {
  const aside = `${path}.quarantined-${now.toISOString().replace(/[:.]/g, '-')}`;
  onDisk(path, 'move aside', () => renameSync(path, aside));
  return aside;
}
