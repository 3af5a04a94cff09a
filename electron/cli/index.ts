import { EXIT } from '../../shared/cli-exit-codes';
import { buildCli } from './program';
import { formatAppError } from './validation-output';

export { buildCli };

/**
 * Nothing escapes as a stack or as exit 1 (cron setups read 1 as "a probe failed"): an error no command
 * turned into data is printed as one (a disk fault with its path and fix) and exits 2.
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    // Loaded only on this path: a clean run of an offline command never pays for them.
    const [{ AppError }, { diskFault, errnoOf }] = await Promise.all([import('../../shared/app-error'), import('../services/disk-fault')]);
    const path = (error as NodeJS.ErrnoException | null)?.path;
    const data =
      error instanceof AppError
        ? error
        : errnoOf(error)
          ? diskFault(error, path ?? 'a file', 'use')
          : new AppError({ code: 'INTERNAL', message: `Unexpected ${error instanceof Error ? error.name : 'error'}.`, fix: 'Run the command again; if it fails the same way, report it.' });
    process.stderr.write(formatAppError(data));
    process.exitCode = EXIT.USAGE;
  }
}
