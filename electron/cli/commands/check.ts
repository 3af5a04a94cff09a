import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../../../shared/app-error';
import { checkRunPassed, driverVersions, summarizeCheckRun, type CheckRunResult, type DriverVersion, type ProbeResult } from '../../../shared/checks';
import { clientTrustModeSchema, type ClientTrustMode } from '../../../shared/profile';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import type { FieldIssue } from '../../../shared/validation';
import { runChecks, type RunChecksOptions } from '../../services/checks/runner';
import { loadStorageConfigFile } from '../../services/config-file';
import { formatAppError, formatIssues } from '../validation-output';
import { runProfileCheck } from './check-profile';
import type { CliIo } from './render';
import { credentialsFromEnv } from '../env-credentials';

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
  const notes = credentials ? [] : ['no DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY: using the AWS credential chain (environment, profiles, SSO, instance role)'];
  return { ok: true, config: validation.config, ...(credentials ? { credentials } : {}), warnings: validation.warnings, notes };
}

const label: Record<ProbeResult['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

/** The human report: one line per probe, the diagnosis and fix under each problem. */
export function formatCheckReport(result: CheckRunResult): string {
  const lines = result.probes.map((p) => {
    const head = `${label[p.status]}  ${p.id.padEnd(14)} ${p.title} (${p.durationMs} ms)`;
    if (p.status === 'skipped') {
      const { blockedBy, reason } = p.evidence;
      return `${head}\n      skipped: ${typeof blockedBy === 'string' ? `${blockedBy} failed` : typeof reason === 'string' ? reason : 'not run'}`;
    }
    if (!p.diagnosis) return head;
    return `${head}\n      ${p.diagnosis.code}: ${p.diagnosis.message}\n      fix: ${p.diagnosis.fix}`;
  });
  const count = (s: ProbeResult['status']) => result.probes.filter((p) => p.status === s).length;
  lines.push(
    `${result.probes.length} probes: ${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed, ${count('skipped')} skipped in ${result.totalMs} ms`,
  );
  for (const leftover of result.leftovers) lines.push(`NOT CLEANED UP: ${leftover} (remove it by hand)`);
  return `${lines.join('\n')}\n`;
}

/** --probe-timeout, --deadline and --driver as the runner's options (shared by `check --config` and `check --profile`). */
export function probeRunOptions(options: { probeTimeout?: number; deadline?: number; driver?: DriverVersion }, extra: RunChecksOptions = {}): RunChecksOptions {
  return {
    ...(options.probeTimeout ? { probeTimeoutMs: options.probeTimeout } : {}),
    ...(options.deadline ? { deadlineMs: options.deadline } : {}),
    ...(options.driver ? { driver: options.driver } : {}),
    ...extra,
  };
}

/** `check`: run every probe against the configured storage. Returns the exit code (0 / 1 / 2). */
export async function runCheck(options: CheckCommandOptions, io: CliIo, runOptions: RunChecksOptions = {}): Promise<number> {
  const inputs = await resolveCheckInputs(options, io.env);
  if (!inputs.ok) {
    io.stderr(formatIssues('error', inputs.errors) + formatIssues('warning', inputs.warnings));
    return 2;
  }
  io.stderr(formatIssues('warning', inputs.warnings) + inputs.notes.map((n) => `note: ${n}\n`).join(''));
  let result: CheckRunResult;
  try {
    const clientTrust = options.trust || options.dtrHost ? { clientTrust: { dtrHost: options.dtrHost ?? '', mode: options.trust ?? 'ca', dtrCaPem: '' } } : {};
    result = await runChecks(inputs.config, inputs.credentials, probeRunOptions(options, { ...clientTrust, ...runOptions }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(formatAppError(error));
    return 2;
  }
  io.stdout(options.json ? `${JSON.stringify(summarizeCheckRun(result), null, 2)}\n` : formatCheckReport(result));
  if (options.json && result.leftovers.length) io.stderr(result.leftovers.map((l) => `NOT CLEANED UP: ${l}\n`).join(''));
  return checkRunPassed(result) ? 0 : 1;
}

function milliseconds(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new InvalidArgumentError('expected a positive whole number of milliseconds');
  return ms;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Check the storage item by item (DNS, TCP, TLS, credentials, bucket and region, clock, then the registry\'s own S3 calls: a missing key, a push, listings and the pull redirect).')
    .option('--config <file>', 'a JSON StorageConfig file (secrets from DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY)')
    .option('--profile <name>', 'a saved profile instead of --config (keys from the OS keychain); the run is appended to its history')
    .option('--history', 'with --profile: also print every recorded run of the profile', false)
    .option('--json', 'print { probes: [{ id, status, durationMs, diagnosis? }], totalMs } (with --profile also profile, passed, run, changes; see docs/cli.md)', false)
    .option('--probe-timeout <ms>', 'timeout of each probe (default 10000)', milliseconds)
    .option('--deadline <ms>', 'deadline of the whole run (default 30000)', milliseconds)
    .addOption(new Option('--driver <version>', 'whose S3 calls to replay where they differ: Distribution 2.8 (DTR, MSR 2.x) or 3').choices(driverVersions).default('2.8'))
    .addOption(new Option('--trust <choice>', 'with --config: how clients trust the storage endpoint, for the pull probe (default ca)').choices(clientTrustModeSchema.options))
    .option('--dtr-host <host>', 'with --config: DTR as clients address it (names certs.d/<host>/ for the pull probe)')
    .action(async (options: Partial<CheckCommandOptions> & { profile?: string; history?: boolean }) => {
      // Exactly one source; --history only means something for a profile (exit 2: bad usage).
      if (Boolean(options.config) === Boolean(options.profile) || (options.history && !options.profile)) {
        process.stderr.write(options.history && !options.profile ? 'error: --history needs --profile NAME.\n' : 'error: give exactly one of --config FILE or --profile NAME.\n');
        process.exitCode = 2;
        return;
      }
      if (options.profile) {
        process.exitCode = await runProfileCheck({ ...options, profile: options.profile });
        return;
      }
      process.exitCode = await runCheck({ ...options, config: options.config ?? '' }, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        env: process.env,
      });
    });
}
