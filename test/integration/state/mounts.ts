import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real disk faults, not simulated ones (the tests run as root, so chmod cannot stop a write): a tiny
 * tmpfs that is filled up (ENOSPC) or remounted read-only (EROFS). Always unmount() in afterEach.
 */
export interface TinyDisk {
  dir: string;
  /** Write filler files until the file system answers ENOSPC. */
  fill(): void;
  readOnly(): void;
  unmount(): void;
}

export function mountTinyDisk(sizeKb = 64): TinyDisk {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  let mounted = true;
  return {
    dir,
    fill() {
      // Bounded: a 64 KiB disk takes 16 pages of 4 KiB; 10,000 tiny files is far beyond any size used here.
      for (let i = 0; i < 10_000; i++) {
        try {
          writeFileSync(join(dir, `.filler-${i}`), Buffer.alloc(4096, 1));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
          throw error;
        }
      }
      throw new Error(`${dir} did not fill up`);
    },
    readOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir]);
    },
    unmount() {
      if (mounted) execFileSync('umount', [dir]);
      mounted = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
