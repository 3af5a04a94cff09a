import { Command } from 'commander';
import { AppError } from '../../shared/app-error';
import { appInfo } from '../services/app-info';
import { sweepAbandonedExports } from '../services/export/partial-output';
import { defaultDataDir } from '../services/profiles/data-dir';
import { diskFault, errnoOf } from '../services/disk-fault';
import { registerCheckCommand } from './commands/check';
import { registerPolicyCommand } from './commands/policy';
import { registerProfilesCommand } from './commands/profiles';
import { registerProvisionCommand } from './commands/provision';
import { registerRenderCommand } from './commands/render';
import { registerRollbackCommand } from './commands/rollback';
import { registerExportCommand } from './commands/export';
import { registerTlsInspectCommand } from './commands/tls-inspect';
import { formatAppError } from './validation-output';

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
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerRenderCommand(program);
  registerCheckCommand(program);
  registerProfilesCommand(program);
  registerPolicyCommand(program);
  registerProvisionCommand(program);
  registerRollbackCommand(program);
  registerExportCommand(program);
  registerTlsInspectCommand(program);
  return program;
}

/**
 * Nothing escapes as a stack or as exit 1 (cron setups read 1 as "a probe failed"): an error no command
 * turned into data is printed as one (a disk fault with its path and fix) and exits 2.
 */
export async function runCli(argv: string[]): Promise<void> {
  // What a killed export left behind (kill -9, power loss) goes first; a sweep failure never blocks a command.
  await sweepAbandonedExports(defaultDataDir()).catch(() => []);
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const path = (error as NodeJS.ErrnoException | null)?.path;
    const data =
      error instanceof AppError
        ? error
        : errnoOf(error)
          ? diskFault(error, path ?? 'a file', 'use')
          : new AppError({ code: 'INTERNAL', message: `Unexpected ${error instanceof Error ? error.name : 'error'}.`, fix: 'Run the command again; if it fails the same way, report it.' });
    process.stderr.write(formatAppError(data));
    process.exitCode = 2;
  }
}
