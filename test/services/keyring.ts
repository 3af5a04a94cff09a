import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { reapWhenParentDies } from './reaper';

const run = promisify(execFile);

export interface RunningKeyring {
  /** Put this in the environment of anything that must reach the Secret Service. */
  dbusAddress: string;
  stop(): Promise<void>;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

/** Whether org.freedesktop.secrets has an owner on the bus in `env`. */
async function secretServiceOnBus(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { stdout } = await run(
    'dbus-send',
    ['--session', '--dest=org.freedesktop.DBus', '--print-reply', '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env, timeout: 5_000 },
  ).catch(() => ({ stdout: '' }));
  return /boolean true/.test(stdout);
}

/** Wait (bounded: 100 × 100 ms) until the Secret Service is on the bus (`want`) or gone; false on timeout or `stop()`. */
export async function waitForSecretService(env: NodeJS.ProcessEnv, want: boolean, stop: () => boolean = () => false): Promise<boolean> {
  for (let i = 0; i < 100 && !stop(); i++) {
    if ((await secretServiceOnBus(env)) === want) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function secretsCall(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const { stdout } = await run('dbus-send', ['--session', '--dest=org.freedesktop.secrets', '--print-reply', ...args], {
    env,
    timeout: 5_000,
  }).catch(() => ({ stdout: '' }));
  return stdout;
}

/**
 * The service owning its bus name is not the end of start-up: --unlock creates and unlocks the "login"
 * collection a moment later, and a keychain call in between fails. Ready = the default alias points at a
 * collection that is unlocked (bounded: 100 × 100 ms).
 */
async function waitForUnlockedDefaultCollection(env: NodeJS.ProcessEnv, stop: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !stop(); i++) {
    const alias = await secretsCall(env, ['/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default']);
    const path = /object path "(\/org\/freedesktop\/secrets\/collection\/[^"]+)"/.exec(alias)?.[1];
    if (path) {
      const locked = await secretsCall(env, [path, 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Locked']);
      if (/boolean false/.test(locked)) return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * A private D-Bus session bus with an unlocked gnome-keyring Secret Service on it, so keychain tests
 * use the real thing without touching the developer's own session.
 */
export async function startKeyring(): Promise<RunningKeyring> {
  let bus: { stdout: string };
  try {
    bus = await run('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], {
      timeout: 10_000,
    });
  } catch (error) {
    throw new Error(
      `Cannot start a D-Bus session bus for the keychain tests (install dbus-x11): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const [dbusAddress = '', busPidText] = bus.stdout.trim().split('\n');
  const busPid = Number(busPidText);
  // A throwaway HOME keeps the test keyring away from the developer's own keyrings.
  const home = mkdtempSync(join(tmpdir(), 'dtr-s3-keyring-'));
  const env = { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: home, DBUS_SESSION_BUS_ADDRESS: dbusAddress };
  // --unlock reads the login password from stdin and creates/unlocks the default "login" collection.
  const child = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  let exited: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('error', (error) => (exited = `cannot start gnome-keyring-daemon (install gnome-keyring): ${error.message}`));
  child.on('exit', (code) => (exited ??= `gnome-keyring-daemon exited with code ${code}: ${stderr.trim()}`));
  child.stdin.end('test-keyring-password');
  child.unref();
  const ready =
    (await waitForSecretService(env, true, () => exited !== undefined)) &&
    (await waitForUnlockedDefaultCollection(env, () => exited !== undefined));
  if (!ready || !child.pid) {
    child.kill();
    killQuietly(busPid);
    rmSync(home, { recursive: true, force: true });
    throw new Error(`The test Secret Service did not start: ${exited ?? 'no unlocked default collection on the bus after 10 s'}`);
  }
  const keyringPid = child.pid;
  const cancelReaper = reapWhenParentDies(`kill ${keyringPid} ${busPid} 2>/dev/null; rm -rf '${home}'`);
  return {
    dbusAddress,
    async stop() {
      cancelReaper();
      killQuietly(keyringPid);
      killQuietly(busPid);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
