import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/app-error';
import type { Channel, ChannelResult, ParsedRequest, ProgressEvent } from '../../shared/contract';
import { WIZARD_DRAFT_OWNER, type SecretRole } from '../../shared/profile';
import type { StorageCredentials } from '../../shared/storage-config';
import { runChecks } from '../services/checks/runner';
import { exportBundle, type ExportBundleOptions } from '../services/export/write-bundle';
import type { ProfileServices } from '../services/profiles';
import { measureRegionLatency } from '../services/region-latency';
import { verifyDtrTrust } from '../services/tls/dtr-trust';
import { probeEndpoint } from '../services/tls/endpoint-probe';
import { inspectPeerChain } from '../services/tls/peer-chain';
import type { HandlerContext } from './handler-context';
import type { NativeIntegration } from './native';

/** The wizard's actions on a config not yet saved: latency, checks, TLS, DTR trust and the export. */
type WizardChannel = Extract<Channel, `regions.${string}` | `checks.${string}` | `tls.${string}` | `trust.${string}` | `export.${string}`>;
type WizardHandlers = { [C in WizardChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>> };

/** A role's keys from the keychain; a clear error when none are stored (the wizard asks for them). */
async function keysOf(services: ProfileServices, owner: string, role: SecretRole): Promise<StorageCredentials> {
  const credentials = await services.secrets.getCredentials(owner, role);
  if (credentials) return credentials;
  throw new AppError({
    code: 'KEYS_MISSING',
    message: `No ${role === 'registry' ? "registry" : 'setup'} keys are stored in the keychain for this setup.`,
    fix: role === 'registry' ? 'Enter the registry\'s access key and secret key on the IAM step.' : 'Enter the setup keys on the Target step.',
  });
}

/**
 * Handlers for the wizard's actions. Each is a thin call into an existing service; progress goes out
 * under the caller's operation id and `operation.cancel` aborts through the context's signal.
 * `chosenPaths`: an export is only written where the user pointed the save dialog.
 */
export function createWizardHandlers(services: () => ProfileServices, chosenPaths: ReadonlySet<string>, native: Pick<NativeIntegration, 'saveDialog'>): WizardHandlers {
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
    'regions.measureLatency': async ({ provider, endpoint, timeoutMs }, { signal }) =>
      measureRegionLatency({ provider, endpoint, timeoutMs, signal }),

    'checks.run': async ({ config, only, owner, role, keySource, clientTrust, driver }, context) => {
      const startedAt = new Date();
      // Keyless: no key is loaded (the registry has none); the runner signs nothing (shared/keyless.ts).
      const credentials = !config.keyless && keySource === 'keychain' ? await keysOf(services(), owner, role) : undefined;
      const result = await runChecks(config, credentials, {
        onProgress: context.emitProgress,
        signal: context.signal,
        ...(only ? { only } : {}),
        ...(clientTrust ? { clientTrust } : {}),
        ...(driver ? { driver } : {}),
        ...(context.operationId ? { operationId: context.operationId } : {}),
      });
      // The wizard's run with the registry's key is kept for its profile's history (see profiles.save fromWizard).
      if (owner === WIZARD_DRAFT_OWNER && role === 'registry') services().wizardChecks.record(config, result, startedAt, only);
      return result;
    },

    'tls.inspect': async ({ host, port, caPem }, { signal }) => {
      const report = await inspectPeerChain({ host, port, ...(caPem?.trim() ? { caPem } : {}), signal });
      return report;
    },

    'checks.probeEndpoint': async ({ config }, { signal }) => probeEndpoint(config, { signal }),

    'trust.verifyDtr': async ({ config, clientTrust }, { signal }) => verifyDtrTrust(config, clientTrust, { signal }),

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
