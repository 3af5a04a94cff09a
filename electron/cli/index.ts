import { Command } from 'commander';
import { appInfo } from '../services/app-info';
import { sweepAbandonedExports } from '../services/export/partial-output';
import { defaultDataDir } from '../services/profiles/data-dir';
import { registerCheckCommand } from './commands/check';
import { registerPolicyCommand } from './commands/policy';
import { registerProfilesCommand } from './commands/profiles';
import { registerProvisionCommand } from './commands/provision';
import { registerRenderCommand } from './commands/render';
import { registerRollbackCommand } from './commands/rollback';
import { registerExportCommand } from './commands/export';
import { registerTlsInspectCommand } from './commands/tls-inspect';

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

export async function runCli(argv: string[]): Promise<void> {
  // What a killed export left behind (kill -9, power loss) goes first; a sweep failure never blocks a command.
  await sweepAbandonedExports(defaultDataDir()).catch(() => []);
  await buildCli().parseAsync(argv);
}
