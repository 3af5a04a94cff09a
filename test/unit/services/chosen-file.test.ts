import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { writeChosenFile } from '../../../electron/services/chosen-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chosen-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(path: string): Promise<AppError> {
  const error = await writeChosenFile(path, 'text').then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('writeChosenFile', () => {
  it('writes owner-only, replaces an older file whatever its mode, leaves no partial file and does not touch the folder', async () => {
    chmodSync(dir, 0o755);
    const path = join(dir, 'prod-dtr.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    chmodSync(path, 0o644);
    await writeChosenFile(path, '{"name":"prod-dtr"}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"name":"prod-dtr"}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir)).toEqual(['prod-dtr.json']);
  });

  it('a folder that does not exist is said as such, with a fix, and is not created', async () => {
    const path = join(dir, 'gone', 'report.md');
    const error = await refusal(path);
    expect(error.toData()).toEqual({ code: 'DISK_NO_ACCESS', message: `Cannot write ${path}: its folder does not exist.`, fix: 'Choose a folder that exists, or create it first.', cause: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder where the file should go is refused, and the temporary file is removed', async () => {
    const path = join(dir, 'bundle');
    mkdirSync(path);
    const error = await refusal(path);
    expect(error.code).toBe('DISK_NO_ACCESS');
    expect(error.message).toBe(`Cannot write ${path}: it is a folder.`);
    expect(readdirSync(dir)).toEqual(['bundle']);
  });
});
