import { runCli } from '../../../electron/cli/index';

/** Run the real CLI with these arguments (as `dtr-s3-assistant ...` would) and return its exit code. */
export async function checkFromArgv(args: string[]): Promise<number> {
  await runCli(['node', 'dtr-s3-assistant', ...args]);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
