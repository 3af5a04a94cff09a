import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Run a TypeScript entry of this repository in a fresh network namespace (only loopback) with its own
 * /etc/resolv.conf. DNS failures can then be produced for real without a single packet leaving the
 * machine: with `dns: 'nxdomain'` a tiny resolver on 127.0.0.1:53 inside the namespace answers
 * NXDOMAIN to every query; with `dns: 'none'` no resolver answers at all.
 */
export interface IsolatedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const nxdomainResolver = `
import { createSocket } from 'node:dgram';
const dns = createSocket('udp4');
dns.on('message', (query, peer) => {
  let end = 12;
  while (end < query.length && query[end] !== 0) end += query[end] + 1;
  const answer = Buffer.from(query.subarray(0, end + 5));
  answer[2] = 0x80 | (query[2] & 0x01); // a response; recursion-desired copied
  answer[3] = 0x83; // recursion available, NXDOMAIN
  answer.writeUInt16BE(1, 4); answer.writeUInt16BE(0, 6); answer.writeUInt16BE(0, 8); answer.writeUInt16BE(0, 10);
  dns.send(answer, peer.port, peer.address);
});
await new Promise((ok) => dns.bind(53, '127.0.0.1', ok));
dns.unref();
`;

export async function runTsInIsolatedNet(
  entry: string,
  exportName: string,
  args: unknown[],
  opts: { dns: 'nxdomain' | 'none'; env?: Record<string, string>; timeoutMs?: number },
): Promise<IsolatedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-netns-'));
  const resolvConf = join(dir, 'resolv.conf');
  writeFileSync(resolvConf, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  const script = `${opts.dns === 'nxdomain' ? nxdomainResolver : ''}
import { createJiti } from 'jiti';
const jiti = createJiti(${JSON.stringify(`${resolve('.')}/`)});
const mod = await jiti.import(${JSON.stringify(resolve(entry))});
const code = await mod[${JSON.stringify(exportName)}](...${JSON.stringify(args)});
process.exit(typeof code === 'number' ? code : (process.exitCode ?? 0));
`;
  const shell = `ip link set lo up && mount --bind '${resolvConf}' /etc/resolv.conf && exec node --input-type=module -e "$SCRIPT"`;
  try {
    return await new Promise<IsolatedRun>((done, fail) => {
      const child = spawn('unshare', ['--net', '--mount', 'sh', '-c', shell], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', SCRIPT: script, ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
      child.once('error', fail);
      child.once('close', (code) => {
        clearTimeout(timer);
        done({ code, stdout, stderr });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
