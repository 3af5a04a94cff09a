import { AppError } from '../../shared/app-error';
import type { Channel, ChannelResult, ParsedRequest } from '../../shared/contract';
import { exportBundleAsZip } from '../services/export/download';
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
  const bundleOptions = async ({ includeSecrets, owner, policyFlavor, ...rest }: Bundle, context: HandlerContext): Promise<Omit<ExportBundleOptions, 'out' | 'zip'>> => ({
    ...rest,
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
      const result = await exportBundle({ ...(await bundleOptions(bundle, context)), out: path, zip: zip === true });
      return { ...result, files: result.files.map(({ path: file, bytes, secret }) => ({ path: file, bytes, secret })) };
    },

    'export.download': async ({ fileName, ...bundle }, context) => {
      const result = await exportBundleAsZip(fileName, await bundleOptions(bundle, context));
      return {
        fileName, zipBase64: result.zip.toString('base64'), containsSecrets: result.containsSecrets, warnings: result.warnings,
        files: result.files.map(({ path: file, bytes: size, secret }) => ({ path: file, bytes: size, secret })),
      };
    },

    'export.hostInfo': async () => ({ saveDialog: native.saveDialog !== false, profilesDirectory: services().profiles.directory }),
  };
}
