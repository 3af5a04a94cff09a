import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/app-error';
import type { Channel, ChannelResult, ParsedRequest, ProgressEvent } from '../../shared/contract';
import { exportBundle, type ExportBundleOptions } from '../services/export/write-bundle';
import type { ProfileServices } from '../services/profiles';
import type { HandlerContext } from './handler-context';
import { keysOf } from './keys-of';
import type { NativeIntegration } from './native';

/** The bundle: written where the save dialog pointed, or handed back as a .zip download. */
type ExportChannel = Extract<Channel, `export.${string}`>;
type ExportHandlers = { [C in ExportChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>> };

/**
 * Handlers for the export. Progress goes out under the caller's operation id and `operation.cancel` aborts
 * through the context's signal. `chosenPaths`: a bundle is only written where the user pointed the save dialog.
 */
export function createExportHandlers(services: () => ProfileServices, chosenPaths: ReadonlySet<string>, native: Pick<NativeIntegration, 'saveDialog'>): ExportHandlers {
  type Bundle = Omit<ParsedRequest<'export.write'>, 'path' | 'zip'>;
  const bundleOptions = async ({ includeSecrets, owner, policyFlavor, ...rest }: Bundle, out: string, zip: boolean, context: HandlerContext): Promise<ExportBundleOptions> => ({
    ...rest,
    out,
    zip,
    ...(policyFlavor ? { policyFlavor } : {}),
    includeSecrets: includeSecrets === true,
    // Keyless: no keys to load; the bundle service refuses includeSecrets for it (KEYLESS_KEYS_GIVEN).
    ...(includeSecrets && !rest.config.keyless ? { credentials: await keysOf(services(), owner, 'registry') } : {}),
    source: 'the wizard',
    dataDir: services().dataDir,
    onProgress: context.emitProgress,
    signal: context.signal,
    ...(context.operationId ? { operationId: context.operationId } : {}),
  });
  return {
    'export.write': async ({ path, zip, ...bundle }, context) => {
      if (!chosenPaths.has(path)) {
        throw new AppError({ code: 'PATH_NOT_CHOSEN', message: 'A bundle is only written to a path chosen in the save dialog.', fix: 'Choose where to save it first.' });
      }
      const result = await exportBundle(await bundleOptions(bundle, path, zip === true, context));
      return { ...result, files: result.files.map(({ path: file, bytes, secret }) => ({ path: file, bytes, secret })) };
    },

    'export.download': async ({ fileName, ...bundle }, context) => {
      // Written as a zip to a private temporary folder, read back and removed: nothing stays on disk here.
      const dir = await mkdtemp(join(tmpdir(), 'dtr-s3-download-'));
      try {
        const out = join(dir, fileName);
        // Progress names the download, not the temporary file that is gone once this returns.
        const emitProgress = (event: ProgressEvent) => context.emitProgress(event.message ? { ...event, message: event.message.replaceAll(out, fileName) } : event);
        const result = await exportBundle(await bundleOptions(bundle, out, true, { ...context, emitProgress }));
        const bytes = await readFile(result.path);
        return {
          fileName, zipBase64: bytes.toString('base64'), containsSecrets: result.containsSecrets, warnings: result.warnings,
          files: result.files.map(({ path: file, bytes: size, secret }) => ({ path: file, bytes: size, secret })),
        };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    'export.hostInfo': async () => ({ saveDialog: native.saveDialog !== false, profilesDirectory: services().profiles.directory }),
  };
}
