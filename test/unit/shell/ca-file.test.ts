import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { maxCaFileBytes } from '../../../shared/contract';
import { readCaFile } from '../../../electron/services/ca-file';

const dir = mkdtempSync(join(tmpdir(), 'dtr-ca-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(path: string): Promise<{ code: string; message: string }> {
  const error = await readCaFile(path).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('reading a chosen CA file', () => {
  it('refuses a missing file, an oversized file, a DER file and an empty file, naming only the file', async () => {
    expect((await failure(join(dir, 'missing.pem'))).code).toBe('CA_FILE_UNREADABLE');
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(maxCaFileBytes + 1, 0x41));
    expect((await failure(big)).code).toBe('CA_FILE_TOO_LARGE');
    const der = join(dir, 'ca.cer');
    writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82]));
    const derError = await failure(der);
    expect(derError.code).toBe('PEM_NO_BLOCK');
    expect(derError.message).toContain('ca.cer');
    expect(derError.message).not.toContain(dir);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    expect((await failure(empty)).code).toBe('PEM_NO_BLOCK');
  });

  // Issue 14: the 1 MiB cap read st_size, which is 0 for a FIFO and a device: the read then never ended
  // (a FIFO with no writer hung the open itself).
  it('refuses a FIFO, /dev/zero and a huge sparse file without reading them through', async () => {
    const fifo = join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    expect((await failure(fifo)).code).toBe('CA_FILE_NOT_A_FILE');
    expect((await failure('/dev/zero')).code).toBe('CA_FILE_NOT_A_FILE');
    const sparse = join(dir, 'sparse.pem');
    writeFileSync(sparse, '');
    truncateSync(sparse, 64 * 1024 ** 3);
    expect((await failure(sparse)).code).toBe('CA_FILE_TOO_LARGE');
  });
});
