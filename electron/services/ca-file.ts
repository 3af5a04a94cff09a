import { basename } from 'node:path';
import { AppError } from '../../shared/app-error';
import { maxCaFileBytes } from '../../shared/contract';
import { checkPem } from '../../shared/validation/pem';
import { readBoundedFile, type BoundedRead } from './private-files';

/**
 * Read a CA certificate file the user picked: a regular file of at most 1 MiB (a FIFO, a device such as
 * /dev/zero or a huge sparse file is refused without reading it through), and PEM that passes the form's
 * own check (shared/validation/pem.ts), so DER or a private key is refused with a fix before it reaches
 * the form. Errors name the file, not its folder.
 */
export async function readCaFile(path: string): Promise<{ fileName: string; pem: string }> {
  const fileName = basename(path);
  let read: BoundedRead;
  try {
    read = readBoundedFile(path, maxCaFileBytes, 'CA certificate');
  } catch (error) {
    const code = error instanceof AppError ? error.code : undefined;
    if (code === 'FILE_TOO_LARGE') {
      throw new AppError({
        code: 'CA_FILE_TOO_LARGE',
        message: `${fileName} is larger than ${maxCaFileBytes} bytes, the most a CA file may be.`,
        fix: 'Choose the CA certificate itself, not an archive or a disk image.',
      });
    }
    throw new AppError({
      code: code === 'FILE_NOT_REGULAR' ? 'CA_FILE_NOT_A_FILE' : 'CA_FILE_UNREADABLE',
      message: code === 'FILE_NOT_REGULAR' ? `${fileName} is not a regular file (a pipe, device or folder).` : `Cannot read ${fileName}.`,
      fix: 'Choose a readable certificate file (PEM, .crt or .pem).',
      ...(error instanceof AppError && error.causeText ? { cause: error.causeText } : {}),
    });
  }
  if ('missing' in read) {
    throw new AppError({ code: 'CA_FILE_UNREADABLE', message: `Cannot read ${fileName}.`, fix: 'Choose a readable certificate file (PEM, .crt or .pem).', cause: 'ENOENT' });
  }
  const pem = read.text;
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
}
