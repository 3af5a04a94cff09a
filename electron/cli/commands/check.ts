import { AppError } from '../../../shared/app-error';
import { checkRunPassed, summarizeCheckRun, type CheckRunResult, type DriverVersion } from '../../../shared/checks';
import { EXIT } from '../../../shared/cli-exit-codes';
import type { ClientTrustMode } from '../../../shared/profile';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import type { FieldIssue } from '../../../shared/validation';
import { runChecks, type RunChecksOptions } from '../../services/checks/runner';
import { loadStorageConfigFile } from '../../services/config-file';
import { formatAppError, formatIssues } from '../validation-output';
import { formatCheckReport, probeRunOptions } from '../check-report';
import type { CliIo } from './render';
import { credentialsFromEnv } from '../env-credentials';
import { keylessKeysGiven } from '../../../shared/keyless';

export interface CheckCommandOptions {
  config: string;
  json?: boolean;
  probeTimeout?: number;
  deadline?: number;
  driver?: DriverVersion;
  /** With --config: the clients' trust choice and DTR's host, for the pull probe (a profile has its own). */
  trust?: ClientTrustMode;
  dtrHost?: string;
}

export type CheckInputs =
  | { ok: true; config: StorageConfig; credentials?: StorageCredentials; warnings: FieldIssue[]; notes: string[] }
  | { ok: false; errors: FieldIssue[]; warnings: FieldIssue[] };

/**
 * Resolve what a check runs with: the validated config file and the secrets. Secrets come from
 * DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY (both or neither); with neither, the AWS SDK's own chain is
 * used (env, profiles, SSO, instance role). This is the seam where a keychain profile plugs in.
 */
export async function resolveCheckInputs(options: Pick<CheckCommandOptions, 'config'>, env: CliIo['env']): Promise<CheckInputs> {
  const validation = await loadStorageConfigFile(options.config);
  if (!validation.config) return { ok: false, errors: validation.errors, warnings: validation.warnings };
  const accessKeyId = env.DTR_S3_ACCESS_KEY ?? '';
  const secretAccessKey = env.DTR_S3_SECRET_KEY ?? '';
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    return {
      ok: false,
      errors: [{
        field: 'credentials',
        code: 'CREDENTIALS_INCOMPLETE',
        message: `${accessKeyId ? 'DTR_S3_SECRET_KEY' : 'DTR_S3_ACCESS_KEY'} is missing: set both variables, or neither.`,
        fix: 'Export both DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY, or unset both to use the AWS credential chain.',
      }],
      warnings: validation.warnings,
    };
  }
  const credentials = credentialsFromEnv(env);
  if (validation.config.keyless) {
    // The keyless rule at this door: keys in the environment are not the registry's (it has none).
    if (accessKeyId) return { ok: false, errors: [{ field: 'credentials', ...keylessKeysGiven('DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY are set') }], warnings: validation.warnings };
    return { ok: true, config: validation.config, warnings: validation.warnings, notes: ['keyless config: only DNS, TCP, TLS and the clock are checked from here; nothing signs as the registry'] };
  }
  const notes = credentials ? [] : ['no DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY: using the AWS credential chain (environment, profiles, SSO, instance role)'];
  return { ok: true, config: validation.config, ...(credentials ? { credentials } : {}), warnings: validation.warnings, notes };
}

/** `check`: run every probe against the configured storage. Returns the exit code (0 / 1 / 2). */
export async function runCheck(options: CheckCommandOptions, io: CliIo, runOptions: RunChecksOptions = {}): Promise<number> {
  const inputs = await resolveCheckInputs(options, io.env);
  if (!inputs.ok) {
    io.stderr(formatIssues('error', inputs.errors) + formatIssues('warning', inputs.warnings));
    return EXIT.USAGE;
  }
  io.stderr(formatIssues('warning', inputs.warnings) + inputs.notes.map((n) => `note: ${n}\n`).join(''));
  let result: CheckRunResult;
  try {
    const clientTrust = options.trust || options.dtrHost ? { clientTrust: { dtrHost: options.dtrHost ?? '', mode: options.trust ?? 'ca', dtrCaPem: '' } } : {};
    result = await runChecks(inputs.config, inputs.credentials, probeRunOptions(options, { ...clientTrust, ...runOptions }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(formatAppError(error));
    return EXIT.USAGE;
  }
  io.stdout(options.json ? `${JSON.stringify(summarizeCheckRun(result), null, 2)}\n` : formatCheckReport(result));
  if (options.json && result.leftovers.length) io.stderr(result.leftovers.map((l) => `NOT CLEANED UP: ${l}\n`).join(''));
  return checkRunPassed(result) ? EXIT.OK : EXIT.FAILED;
}
