import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../../../shared/contract';
import { exportBundle, type ExportBundleOptions, type ExportBundleResult } from './write-bundle';

/**
 * The bundle as the bytes of a zip, for a host without a save dialog (the browser harness offers it as a
 * download). It is written as a zip to a private temporary folder, read back and removed: nothing stays on
 * disk here. Progress names the download, not the temporary file that is gone once this returns.
 */
export async function exportBundleAsZip(fileName: string, options: Omit<ExportBundleOptions, 'out' | 'zip'>): Promise<ExportBundleResult & { zip: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'dtr-s3-download-'));
  try {
    const out = join(dir, fileName);
    const { onProgress } = options;
    const progress = onProgress ? (event: ProgressEvent) => onProgress(event.message ? { ...event, message: event.message.replaceAll(out, fileName) } : event) : undefined;
    const result = await exportBundle({ ...options, out, zip: true, ...(progress ? { onProgress: progress } : {}) });
    return { ...result, zip: await readFile(result.path) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
