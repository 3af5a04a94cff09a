import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startKeyring } from '../services/keyring';
import { reapWhenParentDies } from '../services/reaper';
import { startRgw } from '../services/rgw';

const harnessScript = join(process.cwd(), 'out', 'main', 'harness.js');

/** `node out/main/harness.js --port 0` exactly as `npm run web` runs it; resolves with the URL it prints. */
function spawnHarness(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [harnessScript, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    // A budget, not a wait: it starts in about a second, but a loaded 2-core machine took over 15 s.
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('The harness printed no URL within 120 s.'));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The harness exited with code ${code} before printing its URL.`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, url: line.trim() });
    });
  });
}

/**
 * Services for the e2e suites: a real RGW, a private Secret Service, and the built harness on a free
 * port. Tests read HARNESS_URL / HARNESS_TOKEN / E2E_RGW / E2E_DATA_DIR from the environment (fixtures.ts).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(harnessScript)) throw new Error('out/main/harness.js is missing: run `npm run build` before the e2e tests.');
  const [rgw, keyring] = await Promise.all([startRgw(), startKeyring()]);
  const { stop: stopRgw, ...rgwInfo } = rgw;
  // Profiles and wizard state go to a throwaway data directory, never the developer's own.
  const dataDir = mkdtempSync(join(tmpdir(), 'dtr-e2e-data-'));
  let harness: { child: ChildProcess; url: string };
  try {
    harness = await spawnHarness({
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: keyring.dbusAddress,
      DTR_S3_ASSISTANT_DATA_DIR: dataDir,
    });
  } catch (error) {
    await Promise.allSettled([stopRgw(), keyring.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const cancelReaper = reapWhenParentDies(`kill ${harness.child.pid} 2>/dev/null; rm -rf '${dataDir}'`);
  const url = new URL(harness.url);
  process.env.HARNESS_URL = harness.url;
  process.env.HARNESS_ORIGIN = url.origin;
  process.env.HARNESS_TOKEN = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  process.env.E2E_RGW = JSON.stringify(rgwInfo);
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.dbusAddress;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    cancelReaper();
    harness.child.kill('SIGTERM');
    await Promise.allSettled([stopRgw(), keyring.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
