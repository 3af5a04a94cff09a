import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { reapWhenParentDies } from './reaper';

/**
 * Debian's docker-registry (Distribution 2.8), started from a test (adapted from registry/regstart.sh).
 * The environment is scrubbed (env -i style): PATH and HOME, plus only what the test passes. The
 * machine's AWS_CA_BUNDLE would make the registry panic, and its SSL_CERT_FILE would decide trust.
 */
export interface RegistryStartOptions {
  /** A registry config.yml (must contain `version: 0.1`; http settings can come from `env`). */
  configPath: string;
  /** Where the log goes. */
  dir: string;
  name: string;
  addr: string;
  /** Serve HTTPS with this certificate (through REGISTRY_HTTP_TLS_*), and probe /v2/ with `caPem`. */
  tls?: { certPath: string; keyPath: string; caPem: string };
  /** Added to the scrubbed environment, e.g. SSL_CERT_FILE or REGISTRY_STORAGE_S3_ACCESSKEY. */
  env?: Record<string, string>;
}

export interface RunningRegistry {
  addr: string;
  url: string;
  pid: number;
  logPath: string;
  log(): string;
  stop(): Promise<void>;
}

export function scrubbedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, ...extra };
}

/** GET a URL without following redirects; resolves status and headers. */
export function getNoFollow(
  url: string,
  options: { caPem?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  const req = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = req(
      u,
      { method: 'GET', headers: options.headers, ...(options.caPem ? { ca: options.caPem } : {}), timeout: 5_000, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c.length < 65_536 ? c : ''));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    r.on('timeout', () => r.destroy(new Error(`GET ${url} timed out`)));
    r.on('error', reject);
    r.end();
  });
}

export async function startRegistry(options: RegistryStartOptions): Promise<RunningRegistry> {
  const logPath = join(options.dir, `${options.name}.log`);
  const logFd = openSync(logPath, 'a');
  const env = scrubbedEnv(options.dir, {
    REGISTRY_HTTP_ADDR: options.addr,
    REGISTRY_HTTP_SECRET: 'test-only-http-secret',
    ...(options.tls ? { REGISTRY_HTTP_TLS_CERTIFICATE: options.tls.certPath, REGISTRY_HTTP_TLS_KEY: options.tls.keyPath } : {}),
    ...options.env,
  });
  const child = spawn('/usr/bin/docker-registry', ['serve', options.configPath], { env, stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  const pid = child.pid;
  if (!pid) throw new Error('docker-registry did not start (is the Debian package docker-registry installed?)');
  const cancelReaper = reapWhenParentDies(`kill ${pid} 2>/dev/null`);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => (exited = true));
  const log = () => readFileSync(logPath, 'utf8');
  const stop = async () => {
    cancelReaper();
    if (!exited) {
      process.kill(pid, 'SIGTERM');
      await Promise.race([exitedPromise, sleep(5_000)]);
      if (!exited) process.kill(pid, 'SIGKILL');
    }
  };
  const url = `${options.tls ? 'https' : 'http'}://${options.addr}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited) break;
    const answer = await getNoFollow(`${url}/v2/`, { caPem: options.tls?.caPem }).catch(() => undefined);
    if (answer?.status === 200) return { addr: options.addr, url, pid, logPath, log, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`docker-registry did not answer on ${url}/v2/:\n${log().split('\n').slice(-20).join('\n')}`);
}
