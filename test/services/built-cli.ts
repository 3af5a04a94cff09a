import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface BuiltCli {
  /** A private scratch directory next to the bundle (removed by remove()). */
  work: string;
  bin: string;
  /** Run `node [nodeArgs] bin args` with exactly PATH plus `env` (nothing inherited). */
  cli(args: string[], env?: Record<string, string>, nodeArgs?: string[]): Promise<CliRun>;
  remove(): void;
}

/**
 * The real CLI bundle for spawned tests: `electron-vite build` into a private directory (so a parallel
 * build or e2e run on out/ is never disturbed) next to a copy of bin/ (the script and the package.json
 * that makes it CommonJS). It sits under node_modules/.cache so the bundle resolves its dependencies from
 * the project.
 */
export async function buildCliBundle(prefix: string): Promise<BuiltCli> {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const work = mkdtempSync(join(root, 'node_modules', '.cache', `${prefix}-`));
  await run('npx', ['electron-vite', 'build', '--outDir', join(work, 'out'), '--logLevel', 'error'], { cwd: root, timeout: 120_000 });
  cpSync(join(root, 'bin'), join(work, 'bin'), { recursive: true });
  const bin = join(work, 'bin', 'dtr-s3-assistant.js');
  return {
    work,
    bin,
    cli: (args, env = {}, nodeArgs = []) =>
      run('node', [...nodeArgs, bin, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
      ),
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}
