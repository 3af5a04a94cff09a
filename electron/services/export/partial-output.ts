import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';

/**
 * An export is written under a hidden partial name next to its target and renamed at the end. This
 * module owns those partial names: it removes them on SIGINT/SIGTERM (synchronously, before the process
 * dies), and sweeps what a kill -9 left, both next to a new export and from a journal in the data
 * directory read at the start of the CLI and the app. Only names of the partial form are ever removed.
 */
const PARTIAL_NAME = /^\..+\.partial-(\d+)-[0-9a-f]{8}$/s;
const JOURNAL_DIR = 'exports-in-flight';
const MAX_SWEEP = 1000;

/** partial path → its journal record (when the caller has a data directory). */
const active = new Map<string, string | undefined>();

export function partialPathFor(out: string): string {
  return join(dirname(out), `.${basename(out)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function ownerAlive(pid: number, partial: string): boolean {
  if (pid === process.pid) return active.has(partial);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeAllNow(signal: NodeJS.Signals): void {
  for (const [partial, record] of active) {
    rmSync(partial, { recursive: true, force: true });
    if (record) rmSync(record, { force: true });
  }
  active.clear();
  process.removeListener('SIGINT', removeAllNow);
  process.removeListener('SIGTERM', removeAllNow);
  // Die of the same signal (the default action) unless someone else listens for it.
  process.kill(process.pid, signal);
}

/** Call before the partial exists: journal it, and remove it if the process is interrupted. */
export async function beginPartial(partial: string, dataDir?: string): Promise<void> {
  let record: string | undefined;
  if (dataDir) {
    const dir = join(dataDir, JOURNAL_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    record = join(dir, `${basename(partial).slice(1)}.json`);
    await writeFile(record, JSON.stringify({ pid: process.pid, partial }), { mode: 0o600 });
  }
  if (active.size === 0) {
    process.on('SIGINT', removeAllNow);
    process.on('SIGTERM', removeAllNow);
  }
  active.set(partial, record);
}

/** Call once the partial is renamed into place or removed. */
export async function endPartial(partial: string): Promise<void> {
  const record = active.get(partial);
  active.delete(partial);
  if (active.size === 0) {
    process.removeListener('SIGINT', removeAllNow);
    process.removeListener('SIGTERM', removeAllNow);
  }
  if (record) await rm(record, { force: true });
}

/** Remove the partial outputs in `dir` whose exporting process is gone. Returns what was removed. */
export async function sweepPartials(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.slice(0, MAX_SWEEP)) {
    const pid = PARTIAL_NAME.exec(name)?.[1];
    const path = join(dir, name);
    if (pid === undefined || ownerAlive(Number(pid), path)) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** At start-up: remove the partial outputs the journal names whose process is gone, and their records. */
export async function sweepAbandonedExports(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, JOURNAL_DIR);
  const records = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of records.filter((n) => n.endsWith('.json')).slice(0, MAX_SWEEP)) {
    const record = join(dir, name);
    let entry: { pid?: unknown; partial?: unknown } = {};
    try {
      entry = JSON.parse(await readFile(record, 'utf8')) as typeof entry;
    } catch {
      // unreadable record: nothing it names can be trusted; drop it below
    }
    const { pid, partial } = entry;
    const valid = typeof pid === 'number' && typeof partial === 'string' && isAbsolute(partial) && PARTIAL_NAME.test(basename(partial));
    if (valid && ownerAlive(pid, partial)) continue;
    if (valid) {
      await rm(partial, { recursive: true, force: true });
      removed.push(partial);
    }
    await rm(record, { force: true });
  }
  return removed;
}
