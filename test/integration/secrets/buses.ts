import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForSecretService } from '../../services/keyring';
import { reapWhenParentDies } from '../../services/reaper';

const run = promisify(execFile);

export interface PrivateBus {
  address: string;
  stop(): void;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* gone */
  }
}

/**
 * A D-Bus session bus with no service directories, so nothing can be activated on it: the
 * "Linux without a Secret Service" case (a plain dbus-run-session would auto-start gnome-keyring).
 */
export async function startBusWithoutServices(): Promise<PrivateBus> {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-bare-bus-'));
  const config = join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`,
  );
  const { stdout } = await run('dbus-daemon', [`--config-file=${config}`, '--fork', '--print-address=1', '--print-pid=1'], { timeout: 10_000 });
  const [address = '', pidText] = stdout.trim().split('\n');
  const pid = Number(pidText);
  const cancel = reapWhenParentDies(`kill ${pid} 2>/dev/null; rm -rf '${dir}'`);
  return {
    address,
    stop() {
      cancel();
      kill(pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function expectSecretService(env: NodeJS.ProcessEnv, want: boolean): Promise<void> {
  if (!(await waitForSecretService(env, want))) throw new Error(`Secret Service did not ${want ? 'appear' : 'go away'} within 10 s`);
}

/**
 * A real gnome-keyring whose login keyring exists but is LOCKED: the daemon is first started with
 * --unlock (which creates the keyring with a password), stopped, and started again without a password.
 * No $DISPLAY, so the unlock prompt cannot be shown, like a headless server or a locked session.
 * `whileUnlocked` runs before the lock (e.g. to store items that then sit in the locked keyring).
 */
export async function startLockedKeyring(whileUnlocked?: (address: string) => Promise<void>): Promise<PrivateBus> {
  const home = mkdtempSync(join(tmpdir(), 'dtr-s3-locked-keyring-'));
  const { stdout } = await run('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { timeout: 10_000 });
  const [address = '', busPidText] = stdout.trim().split('\n');
  const busPid = Number(busPidText);
  const env = { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: home, DBUS_SESSION_BUS_ADDRESS: address };
  const pids: number[] = [];
  // The watchdog reads the daemon pids from a file, since the second daemon starts after it.
  const pidFile = join(home, 'daemon-pids');
  writeFileSync(pidFile, '');
  const cancel = reapWhenParentDies(`kill $(cat '${pidFile}') ${busPid} 2>/dev/null; rm -rf '${home}'`);
  const startDaemon = (password?: string) => {
    const args = ['--foreground', '--components=secrets', ...(password ? ['--unlock'] : [])];
    const child = spawn('gnome-keyring-daemon', args, { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(password ?? '');
    child.unref();
    if (child.pid) pids.push(child.pid);
    writeFileSync(pidFile, pids.join(' '));
    return child;
  };
  const first = startDaemon('locked-keyring-password');
  await expectSecretService(env, true);
  await whileUnlocked?.(address);
  first.kill('SIGTERM');
  await expectSecretService(env, false);
  startDaemon();
  await expectSecretService(env, true);
  return {
    address,
    stop() {
      cancel();
      for (const pid of pids) kill(pid);
      kill(busPid);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
