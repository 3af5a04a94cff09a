import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/app-error';
import { maxCaFileBytes } from '../../shared/contract';

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Read a CA certificate file the user picked: at most 1 MiB, UTF-8 PEM with at least one CERTIFICATE
 * block. DER or a private key is refused with a fix, before the text ever reaches the form.
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
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
      throw new AppError({
        code: 'CA_FILE_HAS_PRIVATE_KEY',
        message: `${fileName} contains a private key.`,
        fix: 'Choose the CA certificate only; never hand a private key to this app.',
      });
    }
    if (!certificateBlock.test(pem)) {
      throw new AppError({
        code: 'CA_FILE_NOT_PEM',
        message: `${fileName} has no PEM certificate (-----BEGIN CERTIFICATE-----).`,
        fix: 'Convert a DER certificate first: openssl x509 -inform der -in ca.cer -out ca.pem',
      });
    }
    return { fileName, pem };
  } finally {
    await handle.close();
  }
}
