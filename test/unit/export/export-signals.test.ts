import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import { exportBundle } from '../../../electron/services/export/write-bundle';
import { sweepAbandonedExports } from '../../../electron/services/export/partial-output';

/**
 * A real export in a child process, held mid-write by a FIFO the test releases (never by timing), then
 * interrupted: SIGINT/SIGTERM leave nothing behind; after kill -9 the leftover is 0700 (it holds the
 * secret) and is swept by the next export into that folder, or by the next start (data-dir journal).
 */
const root = resolve(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'export-signals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Gated { child: ReturnType<typeof spawn>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; release(): void }

async function gatedExport(parent: string, name: string, options: { zip?: boolean; secrets?: boolean; dataDir?: string } = {}): Promise<Gated> {
  const gate = join(work, `gate-${name}`);
  spawnSync('mkfifo', [gate]);
  const flags = [...(options.zip ? ['zip'] : []), ...(options.secrets ? ['secrets'] : [])];
  const child = spawn(process.execPath, ['--import', 'jiti/register', join(import.meta.dirname, 'fixtures/gated-export.ts'), join(parent, name), gate, options.zip ? '1' : '3', ...flags], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('gated\n')) ready();
    });
    void exited.then(() => fail(new Error(`the fixture ended before the gate: ${out}${err}`)));
  });
  // Opening the FIFO for writing and closing it ends the fixture's blocking read. Non-blocking: when the
  // fixture is already gone there is no reader (ENXIO), and a blocking open would wait forever.
  const release = () => {
    try {
      closeSync(openSync(gate, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
    }
  };
  return { child, exited, release };
}
const partials = (dir: string) => readdirSync(dir).filter((n) => n.includes('.partial-'));

describe('an interrupted export leaves nothing behind', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s mid-write (folder with secrets, and zip)', async (signal) => {
    for (const zip of [false, true]) {
      const parent = mkdtempSync(join(work, `${signal}-`));
      const gated = await gatedExport(parent, zip ? 'b.zip' : 'b', { zip, secrets: true });
      expect(partials(parent)).toHaveLength(1);
      gated.child.kill(signal);
      gated.release();
      const end = await gated.exited;
      expect(end.signal ?? end.code, `zip ${zip}`).toBe(signal);
      expect(readdirSync(parent), `zip ${zip}`).toEqual([]);
    }
  }, 60_000);

  it('kill -9: the partial folder holding the secret is 0700; the next export into that folder sweeps it', async () => {
    const parent = mkdtempSync(join(work, 'kill9-'));
    const gated = await gatedExport(parent, 'b', { secrets: true });
    const [partial] = partials(parent);
    expect(statSync(join(parent, partial as string)).mode & 0o777).toBe(0o700);
    gated.child.kill('SIGKILL');
    await gated.exited;
    expect(partials(parent)).toHaveLength(1);
    await exportBundle({
      out: join(parent, 'next'),
      config: storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' }),
      source: 'the signal test',
    });
    expect(readdirSync(parent)).toEqual(['next']);
  }, 60_000);

  it('kill -9: the next start sweeps what the journal in the data directory names', async () => {
    const parent = mkdtempSync(join(work, 'journal-'));
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    const gated = await gatedExport(parent, 'b.zip', { zip: true, secrets: true, dataDir });
    gated.child.kill('SIGKILL');
    await gated.exited;
    expect(partials(parent)).toHaveLength(1);
    const swept = await sweepAbandonedExports(dataDir);
    expect(swept).toHaveLength(1);
    expect(readdirSync(parent)).toEqual([]);
    expect(await sweepAbandonedExports(dataDir)).toEqual([]);
    expect(existsSync(parent)).toBe(true);
  }, 60_000);
});
