import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';
import { listenOnLoopback, type RunningServer } from './ports';

export type { RunningServer };

const run = promisify(execFile);
const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });

export interface KeyPair {
  key: string;
  cert: string;
}

/** A throwaway PKI for TLS fault tests: one CA and leaf certificates with the faults we need. */
export interface TestPki {
  caPem: string;
  /** A second CA that signed nothing these servers present (for "the given CA is the wrong one"). */
  otherCaPem: string;
  /** Valid for 127.0.0.1 and localhost. */
  good: KeyPair;
  /** Valid, but only for other.example. */
  otherHost: KeyPair;
  /** For 127.0.0.1, but it expired in 2020. */
  expired: KeyPair;
  /**
   * For 127.0.0.1, issued by an intermediate CA that `caPem` issued: `cert` is the leaf followed by the
   * intermediate, as private PKIs serve it (the root is never sent).
   */
  chained: KeyPair;
}

const caConfig = `[ca]
default_ca = ca_default
[ca_default]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
[policy_any]
commonName = supplied
`;

async function leaf(dir: string, name: string, san: string, dates: string[], issuer = 'ca'): Promise<KeyPair> {
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`,
    '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`,
    '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth'], dir);
  // `openssl ca` (not `x509 -req`) because only it can back-date a certificate (-startdate/-enddate).
  await openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', `${issuer}.crt`, '-keyfile', `${issuer}.key`, '-in', `${name}.csr`,
    '-out', `${name}.crt`, '-notext', ...dates], dir);
  return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.crt`), 'utf8') };
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-pki-'));
  try {
    writeFileSync(join(dir, 'ca.cnf'), caConfig);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    for (const ca of ['ca', 'other-ca']) {
      await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30',
        '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-subj', `/CN=throwaway ${ca} for check tests`], dir);
    }
    const days = ['-days', '30'];
    // An intermediate CA under ca (copy_extensions carries its CA:TRUE), and a leaf it issued.
    await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'intermediate.key',
      '-out', 'intermediate.csr', '-subj', '/CN=throwaway intermediate for check tests',
      '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    await openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'intermediate.csr',
      '-out', 'intermediate.crt', '-notext', ...days], dir);
    const chainedLeaf = await leaf(dir, 'chained', 'IP:127.0.0.1,DNS:localhost', days, 'intermediate');
    return {
      caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      otherCaPem: readFileSync(join(dir, 'other-ca.crt'), 'utf8'),
      good: await leaf(dir, 'good', 'IP:127.0.0.1,DNS:localhost', days),
      otherHost: await leaf(dir, 'other', 'DNS:other.example', days),
      expired: await leaf(dir, 'expired', 'IP:127.0.0.1,DNS:localhost', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']),
      chained: { key: chainedLeaf.key, cert: `${chainedLeaf.cert.trim()}\n${readFileSync(join(dir, 'intermediate.crt'), 'utf8')}` },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** TLS in front of a plain-HTTP S3 port (RGW's): real S3 answers behind whatever certificate we choose. */
export function startTlsProxy(pair: KeyPair, targetPort: number): Promise<RunningServer> {
  const server = createTlsServer({ key: pair.key, cert: pair.cert }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  server.on('tlsClientError', () => undefined);
  return listenOnLoopback(server);
}

/** Accepts TCP connections and never sends a byte: the "silent firewall / hung server" case. */
export function startSilentListener(): Promise<RunningServer> {
  const server = createTcpServer((socket) => socket.on('error', () => undefined));
  return listenOnLoopback(server);
}
