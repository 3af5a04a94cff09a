import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { reapWhenParentDies } from './reaper';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const startScript = join(here, 'rgw', 'start.sh');
const stopScript = join(here, 'rgw', 'stop.sh');

export interface RgwInfo {
  dir: string;
  httpEndpoint: string;
  httpsEndpoint: string;
  /** PEM of the throwaway CA that signed the HTTPS certificate (CN=localhost, SAN 127.0.0.1). */
  caPem: string;
  caPath: string;
  /** The zonegroup api_name: the only LocationConstraint RGW accepts, and what it reports as region. */
  region: string;
  accessKey: string;
  secretKey: string;
  /** radosgw-admin with this cluster's config, for tests that manage users or keys. */
  adminArgs: string[];
}

export interface RunningRgw extends RgwInfo {
  stop: () => Promise<void>;
}

/** A clean environment for the ceph tools: the machine's CA variables are irrelevant to them. */
function scriptEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...extra };
}

/**
 * Start a throwaway Ceph RGW (one mon, one memstore OSD, radosgw) on free ports, over HTTP and HTTPS.
 * Fails with the tail of the start log when it cannot start: a suite must never skip silently.
 */
export async function startRgw(): Promise<RunningRgw> {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-rgw-'));
  const region = 'us-east-1';
  const accessKey = 'TESTACCESSKEY';
  const secretKey = 'TESTSECRETKEY123';
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [monPort, httpPort, httpsPort] = [await freePort(), await freePort(), await freePort()];
    const env = scriptEnv({
      RGW_DIR: dir,
      MON_PORT: String(monPort),
      RGW_PORT: String(httpPort),
      RGW_SSL_PORT: String(httpsPort),
      RGW_API_NAME: region,
      S3_ACCESS_KEY: accessKey,
      S3_SECRET_KEY: secretKey,
    });
    const cancelReaper = reapWhenParentDies(`RGW_DIR='${dir}' '${stopScript}' --clean; rm -rf '${dir}'`);
    try {
      await run('bash', [startScript], { env, timeout: 60_000 });
      const caPath = join(dir, 'tls', 'ca.crt');
      const info: RgwInfo = {
        dir,
        httpEndpoint: `http://127.0.0.1:${httpPort}`,
        httpsEndpoint: `https://127.0.0.1:${httpsPort}`,
        caPem: readFileSync(caPath, 'utf8'),
        caPath,
        region,
        accessKey,
        secretKey,
        adminArgs: ['-c', join(dir, 'ceph.conf')],
      };
      return {
        ...info,
        async stop() {
          cancelReaper();
          await run('bash', [stopScript, '--clean'], { env: scriptEnv({ RGW_DIR: dir }), timeout: 30_000 });
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      cancelReaper();
      lastError = error;
      await run('bash', [stopScript, '--clean'], { env: scriptEnv({ RGW_DIR: dir }) }).catch(() => undefined);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Ceph RGW could not start (is the Debian package radosgw installed? .ci/run installs it): ${detail}`,
  );
}

/** Run radosgw-admin against a running test RGW and parse its JSON answer. */
export async function radosgwAdmin(rgw: RgwInfo, args: string[]): Promise<unknown> {
  const { stdout } = await run('radosgw-admin', [...rgw.adminArgs, ...args], {
    env: scriptEnv({}),
    timeout: 30_000,
  });
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}
