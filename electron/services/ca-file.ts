import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/app-error';
import { maxCaFileBytes } from '../../shared/contract';
import { checkPem } from '../../shared/validation/pem';

/**
 * Read a CA certificate file the user picked: at most 1 MiB, and PEM that passes the form's own check
 * (shared/validation/pem.ts), so DER or a private key is refused with a fix before it reaches the form.
 */
export async function readCaFile(path: string): Promise<{ fileName: string; pem: string }> {
  const fileName = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new AppError({
      code: 'CA_FILE_UNREADABLE',
      message: `Cannot read ${fileName}.`,
      fix: 'Choose a readable certificate file (PEM, .crt or .pem).',
      cause: (error as NodeJS.ErrnoException).code,
    });
  }
  try {
    const { size } = await handle.stat();
    if (size > maxCaFileBytes) {
      throw new AppError({
        code: 'CA_FILE_TOO_LARGE',
        message: `${fileName} is ${size} bytes; a CA file is at most ${maxCaFileBytes} bytes.`,
        fix: 'Choose the CA certificate itself, not an archive or a disk image.',
      });
    }
    const pem = (await handle.readFile()).toString('utf8');
    const { errors } = checkPem(pem);
    const first = errors[0];
    if (first || pem.trim() === '') {
      throw new AppError({
        code: first?.code ?? 'PEM_NO_BLOCK',
        message: `${fileName}: ${first?.message ?? 'the file is empty.'}`,
        ...(first?.fix ? { fix: first.fix } : {}),
      });
    }
    return { fileName, pem };
  } finally {
    await handle.close();
  }
}
