import { Command, InvalidArgumentError, Option } from 'commander';
import { checkLimitDefaults, checkLimitRangeMs, parseCheckLimitMs } from '../../shared/check-limits';
import { EXIT } from '../../shared/cli-exit-codes';
import {
  DEFAULT_DTR_BODY_SHAPE,
  bucketSettings,
  clientTrustModes,
  driverVersions,
  dtrBodyShapes,
  keyLimitChoices,
  policyFlavors,
  policyTargets,
  renderFormats,
  secretRoles,
} from '../../shared/choices';
import { REGIONS_BY_PARTITION } from '../../shared/validation/regions';
import { s3ServerKinds } from '../../shared/s3-server';
import { appInfo } from '../services/app-info';
import type { CliContext } from './context';
import type { CheckCommandOptions } from './commands/check';
import type { ExportCommandOptions } from './commands/export';
import type { PolicyCommandOptions } from './commands/policy';
import type { ProvisionCommandOptions } from './commands/provision';
import type { RenderCommandOptions } from './commands/render';
import type { RollbackCommandOptions } from './commands/rollback';
import type { TlsInspectOptions } from './commands/tls-inspect';

/**
 * The command line's grammar: every command and option, and nothing else. Each action loads its command
 * module on use (dynamic import), so `--version`, `--help` and the offline commands never load the AWS
 * SDK, the keychain or the schema library they do not need. The command returns an exit code from
 * shared/cli-exit-codes; this is the one place that hands it to the process.
 */
async function run(work: (context: CliContext) => Promise<number>): Promise<void> {
  const { processCliContext } = await import('./context');
  process.exitCode = await work(processCliContext());
}

const PROFILE_OPTION_HELP = 'a saved profile instead of --config (keys from the OS keychain)';

/** --probe-timeout and --deadline: the same range as the environment's limits (shared/check-limits.ts). */
function milliseconds(value: string): number {
  const parsed = parseCheckLimitMs(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.reason);
  return parsed.value;
}

function addRender(program: Command): void {
  program
    .command('render')
    .description('Print the registry config.yml storage section, or the DTR API body, for a storage config file.')
    .option('--config <file>', 'a JSON StorageConfig file')
    .option('--profile <name>', PROFILE_OPTION_HELP)
    .addOption(new Option('--format <format>', 'what to render').choices(renderFormats).makeOptionMandatory())
    .addOption(
      new Option('--dtr-body-shape <shape>', 'dtr-json: {"storage":{…}} (Docker\'s templates) or the bare storage map (see README)').choices(dtrBodyShapes).default(DEFAULT_DTR_BODY_SHAPE),
    )
    .option('--include-secrets', 'include accesskey/secretkey from DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY', false)
    .action((options: RenderCommandOptions) => run(async (ctx) => (await import('./commands/render')).runRender(options, ctx)));
}

function addCheck(program: Command): void {
  program
    .command('check')
    .description('Check the storage item by item (DNS, TCP, TLS, credentials, bucket and region, clock, then the registry\'s own S3 calls: a missing key, a push, listings and the pull redirect).')
    .option('--config <file>', 'a JSON StorageConfig file (secrets from DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY)')
    .option('--profile <name>', 'a saved profile instead of --config (keys from the OS keychain); the run is appended to its history')
    .option('--history', 'with --profile: also print every recorded run of the profile', false)
    .option('--json', 'print { probes: [{ id, status, durationMs, diagnosis? }], totalMs } (with --profile also profile, passed, run, changes; see docs/cli.md)', false)
    .option('--probe-timeout <ms>', `timeout of each probe (default ${checkLimitDefaults.probeTimeoutMs}, from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max})`, milliseconds)
    .option('--deadline <ms>', `deadline of the whole run (default ${checkLimitDefaults.deadlineMs}, from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max})`, milliseconds)
    .addOption(new Option('--driver <version>', 'whose S3 calls to replay where they differ: Distribution 2.8 (DTR, MSR 2.x) or 3').choices(driverVersions).default('2.8'))
    .addOption(new Option('--trust <choice>', 'with --config: how clients trust the storage endpoint, for the pull probe (default ca)').choices(clientTrustModes))
    .option('--dtr-host <host>', 'with --config: DTR as clients address it (names certs.d/<host>/ for the pull probe)')
    .action((options: Partial<CheckCommandOptions> & { profile?: string; history?: boolean }) =>
      run(async (ctx) => {
        // Exactly one source; --history only means something for a profile (bad usage).
        if (Boolean(options.config) === Boolean(options.profile) || (options.history && !options.profile)) {
          ctx.stderr(options.history && !options.profile ? 'error: --history needs --profile NAME.\n' : 'error: give exactly one of --config FILE or --profile NAME.\n');
          return EXIT.USAGE;
        }
        if (options.profile) return (await import('./commands/check-profile')).runProfileCheck({ ...options, profile: options.profile }, ctx);
        return (await import('./commands/check')).runCheck({ ...options, config: options.config ?? '' }, ctx);
      }),
    );
}

function addProfiles(program: Command): void {
  const profiles = program.command('profiles').description('Saved profiles: storage config and trust choices; keys live in the OS keychain.');
  const load = () => import('./commands/profiles');
  profiles
    .command('list')
    .description('List the saved profiles.')
    .option('--json', 'print the listing as JSON', false)
    .action((options: { json?: boolean }) => run(async (ctx) => (await load()).runProfilesList(options, ctx)));
  profiles
    .command('export <name>')
    .description('Write a profile as JSON, without secrets.')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((name: string, options: { out?: string }) => run(async (ctx) => (await load()).runProfilesExport(name, options, ctx)));
  profiles
    .command('import <file>')
    .description('Import a profile exported by this app (any earlier version).')
    .option('--name <name>', 'save it under another name')
    .option('--overwrite', 'replace an existing profile of the same name', false)
    .action((file: string, options: { name?: string; overwrite?: boolean }) => run(async (ctx) => (await load()).runProfilesImport(file, options, ctx)));
  profiles
    .command('delete <name>')
    .description('Delete a profile and its keychain entries.')
    .option('--force', 'delete the profile even when the keychain cannot be reached', false)
    .action((name: string, options: { force?: boolean }) => run(async (ctx) => (await load()).runProfilesDelete(name, options, ctx)));
  profiles
    .command('set-keys <name>')
    .description('Store keys for a profile in the OS keychain, from DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY.')
    .addOption(new Option('--role <role>', 'whose keys').choices(secretRoles).default('registry'))
    .action((name: string, options: { role: (typeof secretRoles)[number] }) => run(async (ctx) => (await load()).runProfilesSetKeys(name, options, ctx)));
}

function addPolicy(program: Command): void {
  program
    .command('policy')
    .description("Print the least-privilege IAM policy for the registry's storage user.")
    .requiredOption('--bucket <bucket>', 'the S3 bucket')
    .option('--root-dir <dir>', 'scope objects and listing to this root directory')
    .addOption(new Option('--partition <partition>', 'AWS partition of the ARNs').choices(Object.keys(REGIONS_BY_PARTITION)).default('aws'))
    .addOption(new Option('--flavor <flavor>', 'which policy').choices(policyFlavors).default('union'))
    .addOption(
      new Option('--target <server>', 'the server that enforces it (ceph-rgw: bulk delete on the bucket ARN, whole-bucket listing; minio: no Resource "*")').choices(policyTargets).default('aws'),
    )
    .option('--principal <arn>', 'print a bucket policy for this principal (RGW: arn:aws:iam:::user/<uid>) instead of a user policy')
    .option('--kms-key <id>', 'SSE-KMS key id, ARN or alias: adds kms:GenerateDataKey and kms:Decrypt on it')
    .option('--region <region>', "the bucket's region (for a bare KMS key id)")
    .option('--explain', 'print what the flavour allows and lacks (on stderr)', false)
    .option('--minio-alias <alias>', 'also print the mc commands for this MinIO alias (on stderr)')
    .action((options: PolicyCommandOptions) => run(async (ctx) => (await import('./commands/policy')).runPolicy(options, ctx)));
}

/** provision's and rollback's old name of --key-owner: still accepted, no longer shown (--profile means a saved profile elsewhere). */
const oldKeyOwnerFlag = () => new Option('--profile <name>').hideHelp();

function addProvisioning(program: Command): void {
  program
    .command('provision')
    .description('Create or adopt the bucket with secure defaults and, on AWS, a least-privilege IAM user and key.')
    .requiredOption('--config <file>', 'the storage config (JSON)')
    .option('--iam-user <name>', 'the IAM user to create or adopt (default dtr-storage)')
    .option('--iam-endpoint <url>', 'IAM endpoint override (LocalStack and other AWS-compatible services)')
    .option('--sts-endpoint <url>', 'STS endpoint override')
    .option('--key-owner <name>', 'the keychain owner (a profile name) that receives the key (default: the bucket name)')
    .addOption(oldKeyOwnerFlag())
    .option('--aws-profile <name>', 'setup credentials from this AWS config profile (default: AWS_PROFILE or the environment)')
    .option('--journal <file>', 'journal file (default: next to the config file)')
    .addOption(new Option('--on-key-limit <choice>', 'when the user already has 2 keys').choices(keyLimitChoices).default('fail'))
    .addOption(new Option('--reapply <setting...>', 're-apply these bucket settings where they were changed since provision set them (default: report the drift, leave it)').choices(bucketSettings))
    .option('--json', 'print the result as JSON', false)
    .action((options: ProvisionCommandOptions) => run(async (ctx) => (await import('./commands/provision')).runProvision(options, ctx)));
  program
    .command('rollback')
    .description('Delete what provision created: its access key, policy and user, and the bucket only if empty and ours.')
    .requiredOption('--config <file>', 'the storage config (JSON) given to provision')
    .option('--journal <file>', 'journal file (default: next to the config file)')
    .option('--key-owner <name>', 'the keychain owner (a profile name) that holds the key (default: the bucket name)')
    .addOption(oldKeyOwnerFlag())
    .option('--iam-endpoint <url>', 'IAM endpoint override')
    .option('--aws-profile <name>', 'setup credentials from this AWS config profile')
    .option('--json', 'print the result as JSON', false)
    .action((options: RollbackCommandOptions) => run(async (ctx) => (await import('./commands/rollback')).runRollback(options, ctx)));
}

function addExport(program: Command): void {
  program
    .command('export')
    .description('Write the setup bundle: DTR API body, registry YAML, IAM policy, client trust files and scripts, README, MANIFEST.')
    .option('--config <file>', 'a JSON StorageConfig file')
    .option('--profile <name>', 'a saved profile (keys from the keychain, only with --include-secrets)')
    .requiredOption('--out <path>', 'the folder to create (or the .zip file with --zip); never overwritten')
    .option('--zip', 'write one zip file instead of a folder', false)
    .option('--dtr-host <host>', "DTR's host[:port] as clients use it (overrides the profile's)")
    .addOption(new Option('--trust <choice>', "how clients trust the storage endpoint (overrides the profile's; default ca)").choices(clientTrustModes))
    .option('--dtr-ca <file>', "DTR's CA certificate (PEM), for certs.d/<dtr-host>/ca.crt")
    .addOption(new Option('--server <kind>', "the S3 server, for the IAM part: its own commands (ceph-rgw: radosgw-admin + bucket policy, minio: mc) next to the policy").choices(s3ServerKinds))
    .option('--include-secrets', 'put the registry keys into the bundle (files get mode 0600)', false)
    .option('--client-probe', 'write a small probe object under the root directory and a presigned GET for it, so verify-client checks the real download', false)
    .option('--client-probe-expires <duration>', "the probe URL's validity, at most 7d (e.g. 24h; default 7d)")
    .action((options: ExportCommandOptions) => run(async (ctx) => (await import('./commands/export')).runExport(options, ctx)));
}

function addTlsInspect(program: Command): void {
  program
    .command('tls-inspect')
    .description('Show the certificate chain a TLS server presents (DTR or the storage endpoint), whether it is trusted and valid for the name; optionally save its root or issuer as the CA file.')
    .argument('<host[:port]>', 'the server, e.g. s3.internal.example:9000 (port 443 by default)')
    .option('--ca <file>', 'also verify against this CA certificate (PEM)')
    .option('--servername <name>', 'the name to send (SNI) and to check, when it differs from the host')
    .option('--save-ca <file>', 'offer the root (or highest issuer) and write it here after you agree')
    .option('--yes', 'agree to --save-ca without asking', false)
    .option('--json', 'print the report as JSON', false)
    .action((target: string, options: TlsInspectOptions) => run(async (ctx) => (await import('./commands/tls-inspect')).runTlsInspect(target, options, ctx)));
}

/**
 * `dtr-s3-assistant`: the headless entry point. It uses the same services as the app, so what it
 * checks, renders or provisions is exactly what the wizard would.
 */
export function buildCli(): Command {
  const { version } = appInfo();
  const program = new Command('dtr-s3-assistant')
    .description('Set up and check S3 storage for Docker Trusted Registry / Mirantis Secure Registry.')
    .version(version, '-v, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride((error) => {
      // commander exits 1 on usage errors; our contract is 2 for bad usage, 0 for help/version
      process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    });
  for (const add of [addRender, addCheck, addProfiles, addPolicy, addProvisioning, addExport, addTlsInspect]) add(program);
  return program;
}
