import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { AppError } from '../../../shared/app-error';
import type { ProgressEvent } from '../../../shared/contract';
import { checkPem, validateStorageConfig } from '../../../shared/validation';
import { bundleFileNames, buildBundleContent, type BundleFile, type BundleInput } from './bundle-content';
import { beginPartial, endPartial, partialPathFor, sweepPartials } from './partial-output';

export interface ExportBundleOptions extends BundleInput {
  /** A folder to create, or the .zip file to write with `zip`. */
  out: string;
  zip?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  operationId?: string;
  signal?: AbortSignal;
  /** The app's data directory: in-flight exports are journalled there so a later start can sweep them. */
  dataDir?: string;
}

export interface ExportedFile {
  path: string;
  bytes: number;
  sha256: string;
  secret: boolean;
}

export interface ExportBundleResult {
  path: string;
  format: 'folder' | 'zip';
  files: ExportedFile[];
  containsSecrets: boolean;
  warnings: string[];
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** `sha256sum -c MANIFEST` format: "<hex>  <path>", one line per file, sorted. */
export function renderManifest(files: ExportedFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

function modeOf(file: Pick<BundleFile, 'secret' | 'executable'>): number {
  return file.secret ? 0o600 : file.executable ? 0o755 : 0o644;
}

async function refuseExisting(out: string, zip: boolean): Promise<void> {
  const existing = await stat(out).catch(() => undefined);
  if (!existing) return;
  const emptyDir = !zip && existing.isDirectory() && (await readdir(out)).length === 0;
  if (emptyDir) return;
  throw new AppError({
    code: 'EXPORT_TARGET_EXISTS',
    message: `${out} already exists${zip ? '' : ' and is not an empty folder'}; an export never overwrites.`,
    fix: 'Choose a new path, or move the old bundle away first.',
  });
}

/** The export's one door: the same shared rules as `check` and `render`, before anything is rendered. */
function validatedInput(options: ExportBundleOptions): BundleInput {
  const validation = validateStorageConfig(options.config);
  const caErrors = options.clientTrust?.dtrCaPem?.trim() ? checkPem(options.clientTrust.dtrCaPem).errors : [];
  const errors = [...validation.errors, ...caErrors.map((e) => ({ ...e, message: `DTR's CA: ${e.message}` }))];
  if (!validation.config || errors.length) {
    throw new AppError({
      code: 'EXPORT_CONFIG_INVALID',
      message: `The storage config cannot be exported: ${errors.map((e) => e.message).join(' ')}`.slice(0, 1000),
      fix: errors.find((e) => e.fix)?.fix ?? 'Correct the storage configuration (`dtr-s3-assistant render` lists every problem), then export again.',
    });
  }
  return { ...options, config: validation.config };
}

/**
 * Write the bundle as a folder or a zip (fflate), with a MANIFEST of SHA-256 sums. Written under a
 * temporary name and renamed at the end, so a cancelled or failed export leaves nothing half-written.
 */
export async function exportBundle(options: ExportBundleOptions): Promise<ExportBundleResult> {
  const operationId = options.operationId ?? `export-${randomBytes(4).toString('hex')}`;
  const emit = (step: string, status: ProgressEvent['status'], message?: string) =>
    options.onProgress?.({ operationId, step, status, ...(message ? { message } : {}) });
  const checkAbort = () => {
    if (options.signal?.aborted) throw new AppError({ code: 'ABORTED', message: 'The export was cancelled; nothing was written.' });
  };
  const zip = options.zip === true;
  const input = validatedInput(options);
  await refuseExisting(options.out, zip);

  emit('render', 'running', 'Rendering the storage config, policy, client trust files and scripts');
  const content = buildBundleContent(input);
  const encoded = content.files.map((f) => ({ ...f, data: strToU8(f.content) }));
  const files: ExportedFile[] = encoded.map((f) => ({ path: f.path, bytes: f.data.length, sha256: sha256(f.data), secret: f.secret }));
  const manifest = strToU8(renderManifest(files));
  const all = [...encoded, { path: bundleFileNames.manifest, data: manifest, secret: false, executable: false }];
  const containsSecrets = files.some((f) => f.secret);
  emit('render', 'pass', `${all.length} files`);
  for (const w of content.warnings) emit('warning', 'warn', w);
  checkAbort();

  emit('write', 'running', zip ? `Writing ${options.out}` : `Writing ${options.out}/`);
  await mkdir(dirname(options.out), { recursive: true });
  await sweepPartials(dirname(options.out));
  const temp = partialPathFor(options.out);
  await beginPartial(temp, options.dataDir);
  try {
    if (zip) {
      const tree: Zippable = {};
      for (const f of all) {
        // Unix permissions in the upper 16 bits of the external attributes (os 3 = Unix), so unzip restores 0600.
        tree[f.path] = [f.data, { os: 3, attrs: ((0o100000 | modeOf(f)) << 16) >>> 0 }];
      }
      // Owner-only while partial (it may hold the secret); the final mode is set just before the rename.
      await writeFile(temp, zipSync(tree, { level: 6 }), { mode: 0o600 });
    } else {
      await mkdir(temp, { mode: 0o700 });
      for (const f of all) {
        checkAbort();
        const target = join(temp, ...f.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.data, { mode: modeOf(f) });
        await chmod(target, modeOf(f)); // the umask must not widen or narrow what we chose
      }
    }
    checkAbort();
    await chmod(temp, zip ? (containsSecrets ? 0o600 : 0o644) : containsSecrets ? 0o700 : 0o755);
    if (!zip) await rm(options.out, { recursive: true, force: true }); // only ever an empty folder (checked above)
    await rename(temp, options.out);
    await endPartial(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    await endPartial(temp);
    emit('write', 'fail', error instanceof AppError ? error.message : 'Writing the bundle failed.');
    if (error instanceof AppError) throw error;
    throw new AppError({
      code: 'EXPORT_WRITE_FAILED',
      message: `The bundle could not be written to ${options.out}.`,
      fix: 'Check that the folder exists and is writable, and that the disk is not full.',
      cause: (error as NodeJS.ErrnoException).code,
    });
  }
  emit('write', 'pass', containsSecrets ? 'Secret-bearing files are mode 0600.' : undefined);
  emit('export', 'done', options.out);
  return {
    path: options.out,
    format: zip ? 'zip' : 'folder',
    files: [...files, { path: bundleFileNames.manifest, bytes: manifest.length, sha256: sha256(manifest), secret: false }],
    containsSecrets,
    warnings: content.warnings,
  };
}
