import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../electron/services/profiles/file-lock';
import { startLagMeter } from '../../services/timer-lag';

const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withFileLock', () => {
  it('runs work one at a time for one file', async () => {
    const file = join(dir, 'serial.json');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(file, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('takes over the lock of a process that is gone, at once', async () => {
    const file = join(dir, 'dead.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(`${file}.lock`, dead);
    const t = performance.now();
    const lag = startLagMeter();
    expect(await withFileLock(file, () => 'ran', { timeoutMs: 3_000 })).toBe('ran');
    expect(performance.now() - t).toBeLessThan(1_000 + lag.stop());
  });

  it('waits for a live holder, then says so clearly; an old lock is taken over', async () => {
    const file = join(dir, 'live.json');
    writeFileSync(`${file}.lock`, String(process.ppid)); // alive: the process that started this test
    await expect(withFileLock(file, () => 'ran', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'PROFILE_LOCKED' });
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${file}.lock`, old, old);
    expect(await withFileLock(file, () => 'ran', { timeoutMs: 2_000, staleMs: 60_000 })).toBe('ran');
  });
});
