import { createInterface } from 'node:readline';
import type { ProfileServices } from '../services/profiles';
import { defaultDataDir } from '../services/profiles/data-dir';
import type { ResolvedProfile } from '../services/profiles/resolve-profile';

/**
 * Everything a command reaches outside its arguments, in one object built once per process: where it
 * prints, the environment, the data directory, the keychain and saved profiles (opened on first use, so
 * `policy` or `render --config` never load them) and `--profile NAME` resolution. Commands take the part
 * they use (a Pick of this), so tests hand them a small one.
 */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Registry keys come from here (DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY), never from argv. */
  env: Record<string, string | undefined>;
  /** The app's data directory: profiles, the installation id, in-flight exports. */
  dataDir: string;
  /** The keychain, saved profiles and wizard state on `dataDir`, created on first use. */
  services(): Promise<ProfileServices>;
  /** `--profile NAME`: the saved config and its keys from the keychain (an AppError when it cannot be used). */
  profile(name: string): Promise<ResolvedProfile>;
  /** One answer line from stdin ('' when there is no input). */
  ask(question: string): Promise<string>;
}

function askStdin(question: string): Promise<string> {
  process.stderr.write(question);
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      done(line);
    });
    rl.once('close', () => (answered ? undefined : done('')));
  });
}

/** A context on these profile services (tests, and the process context below). */
export function cliContext(parts: Pick<CliContext, 'stdout' | 'stderr' | 'env'> & { dataDir: string; services: () => Promise<ProfileServices>; ask?: CliContext['ask'] }): CliContext {
  let opened: Promise<ProfileServices> | undefined;
  const services = () => (opened ??= parts.services());
  return {
    stdout: parts.stdout,
    stderr: parts.stderr,
    env: parts.env,
    dataDir: parts.dataDir,
    services,
    async profile(name) {
      const [{ profiles, secrets }, { resolveProfile }] = await Promise.all([services(), import('../services/profiles/resolve-profile')]);
      return resolveProfile(name, { repository: profiles, secrets });
    },
    ask: parts.ask ?? askStdin,
  };
}

let processContext: CliContext | undefined;

/** The process's context: its stdio and environment, the app's data directory and the OS keychain. */
export function processCliContext(): CliContext {
  processContext ??= cliContext({
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    dataDir: defaultDataDir(),
    services: async () => (await import('../services/profiles')).createProfileServices({ dataDir: defaultDataDir() }),
  });
  return processContext;
}
