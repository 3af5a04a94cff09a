import { resolve } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { inFamily, type ErrorCode } from '../../../shared/error-codes';
import { EXIT } from '../../../shared/cli-exit-codes';
import type { ClientTrustMode } from '../../../shared/profile';
import type { S3ServerKind } from '../../../shared/s3-server';
import { readCaFile } from '../../services/ca-file';
import { loadStorageConfigFile } from '../../services/config-file';
import { bundleInputFromConfig, bundleInputFromProfile } from '../../services/export/bundle-source';
import { exportBundle, type ExportBundleResult } from '../../services/export/write-bundle';
import { addClientProbe } from '../../services/export/client-probe-input';
import { sweepAbandonedExports } from '../../services/export/partial-output';
import type { CliContext } from '../context';
import { formatAppError, formatValidation } from '../validation-output';
import { credentialsFromEnv } from '../env-credentials';

export interface ExportCommandOptions {
  config?: string;
  profile?: string;
  out: string;
  zip?: boolean;
  dtrHost?: string;
  trust?: ClientTrustMode;
  dtrCa?: string;
  includeSecrets?: boolean;
  /** The S3 server the bundle's IAM part is for (its own commands next to the policy). */
  server?: S3ServerKind;
  /** Write a probe object and a presigned GET that verify-client downloads (valid `clientProbeExpires`, default 7d). */
  clientProbe?: boolean;
  clientProbeExpires?: string;
}

/** `dataDir`: where in-flight exports are journalled (and swept); none in tests that do not ask. */
export type ExportIo = Pick<CliContext, 'stdout' | 'stderr' | 'env' | 'services'> & Partial<Pick<CliContext, 'dataDir'>>;

/** Usage and configuration problems exit 2; a failure while writing exits 1. */
const usageCodes = new Set<ErrorCode>(['KEYLESS_KEYS_GIVEN', 'EXPORT_TARGET_EXISTS', 'EXPORT_CONFIG_INVALID', 'TRUST_BAD_DTR_HOST', 'DAEMON_JSON_BAD_REGISTRY', 'CREDENTIALS_MISSING', 'CLIENT_PROBE_BAD_TTL', 'CLIENT_PROBE_NOT_USEFUL']);
const isUsage = (code: ErrorCode) => usageCodes.has(code) || inFamily(code, 'PROFILE', 'CA_FILE', 'PEM', 'KEYCHAIN');

function report(io: ExportIo, error: AppError): number {
  io.stderr(formatAppError(error));
  return isUsage(error.code) ? EXIT.USAGE : EXIT.FAILED;
}

function summary(result: ExportBundleResult): string {
  const lines = [`Wrote the bundle to ${result.path} (${result.format}, ${result.files.length} files):`];
  for (const f of result.files) lines.push(`  ${f.path}${f.secret ? '  [secret, 0600]' : ''}`);
  lines.push('Next: read README.md in the bundle; check it with `sha256sum -c MANIFEST`.');
  return `${lines.join('\n')}\n`;
}

/** `export`: write the bundle for a config file or a saved profile. Returns the exit code. */
export async function runExport(options: ExportCommandOptions, io: ExportIo): Promise<number> {
  if (Boolean(options.config) === Boolean(options.profile)) {
    io.stderr('error: give exactly one of --config FILE or --profile NAME.\n');
    return EXIT.USAGE;
  }
  // What a killed export left behind (kill -9, power loss) goes first; a sweep failure never blocks the export.
  if (io.dataDir) await sweepAbandonedExports(io.dataDir).catch(() => []);
  try {
    const dtrCaPem = options.dtrCa ? (await readCaFile(options.dtrCa)).pem : undefined;
    const trust = { dtrHost: options.dtrHost, trustMode: options.trust, dtrCaPem };
    let input;
    if (options.profile) {
      input = await bundleInputFromProfile(await io.services(), options.profile, { ...trust, includeSecrets: options.includeSecrets, needKeys: options.clientProbe });
    } else {
      const validation = await loadStorageConfigFile(options.config as string);
      if (!validation.config) {
        io.stderr(formatValidation(validation));
        return EXIT.USAGE;
      }
      const credentials = credentialsFromEnv(io.env);
      if (options.includeSecrets && !credentials && !validation.config.keyless) {
        throw new AppError({
          code: 'CREDENTIALS_MISSING',
          message: '--include-secrets with --config needs DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY in the environment.',
          fix: 'Set both variables, use --profile (keys from the keychain), or leave --include-secrets out.',
        });
      }
      input = bundleInputFromConfig(validation.config, `config file ${options.config}`, { ...trust, includeSecrets: options.includeSecrets, credentials });
    }
    if (options.server) input = { ...input, storageServer: options.server };
    if (options.clientProbe) input = await addClientProbe(input, options.clientProbeExpires ?? '7d');
    else if (options.clientProbeExpires) throw new AppError({ code: 'CLIENT_PROBE_NOT_USEFUL', message: '--client-probe-expires needs --client-probe.' });
    const result = await exportBundle({ ...input, out: resolve(options.out), zip: options.zip === true, ...(io.dataDir ? { dataDir: io.dataDir } : {}) });
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    io.stdout(summary(result));
    return EXIT.OK;
  } catch (error) {
    if (error instanceof AppError) return report(io, error);
    throw error;
  }
}
