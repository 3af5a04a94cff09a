import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** openssl needs none of the machine's CA variables. */
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface ThrowawayCa {
  certPath: string;
  keyPath: string;
  pem: string;
}

export interface IssuedCert {
  certPath: string;
  keyPath: string;
  pem: string;
  keyPem: string;
}

/** A throwaway root CA in `dir` (EC P-256, 7 days). */
export async function makeCa(dir: string, name: string): Promise<ThrowawayCa> {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, `${name}-ca.crt`);
  const keyPath = join(dir, `${name}-ca.key`);
  await run('openssl', ['req', '-x509', ...ecKey, '-days', '7', '-keyout', keyPath, '-out', certPath, '-subj', `/CN=${name} test CA`], { env });
  return { certPath, keyPath, pem: readFileSync(certPath, 'utf8') };
}

/**
 * A server certificate signed by `ca` (or self-signed without one). `days: -1` yields an already
 * expired certificate (notAfter one day before issue).
 */
export async function issueServerCert(
  dir: string,
  name: string,
  opts: { ca?: ThrowawayCa; sans: string[]; days?: number; cn?: string },
): Promise<IssuedCert> {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  const extPath = join(dir, `${name}.ext`);
  const subj = `/CN=${opts.cn ?? name}`;
  const days = String(opts.days ?? 7);
  const ext = [`subjectAltName=${opts.sans.join(',')}`, 'basicConstraints=critical,CA:FALSE', 'extendedKeyUsage=serverAuth'];
  writeFileSync(extPath, `${ext.join('\n')}\n`);
  if (opts.ca) {
    const csrPath = join(dir, `${name}.csr`);
    await run('openssl', ['req', ...ecKey, '-keyout', keyPath, '-out', csrPath, '-subj', subj], { env });
    await run('openssl', ['x509', '-req', '-in', csrPath, '-CA', opts.ca.certPath, '-CAkey', opts.ca.keyPath, '-CAcreateserial', '-days', days, '-extfile', extPath, '-out', certPath], { env });
  } else {
    await run('openssl', ['req', '-x509', ...ecKey, '-days', days, '-keyout', keyPath, '-out', certPath, '-subj', subj, '-addext', `subjectAltName=${opts.sans.join(',')}`], { env });
  }
  return { certPath, keyPath, pem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}

/** Concatenate PEM files into one bundle file (a server chain). */
export function writeBundle(path: string, pems: string[]): string {
  writeFileSync(path, pems.map((p) => p.trim()).join('\n') + '\n');
  return path;
}
