import { execFile } from 'node:child_process';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { probeEndpoint, type EndpointProbe } from '../../../electron/services/tls/endpoint-probe';
import { AppError } from '../../../shared/app-error';
import { storageConfigSchema, type StorageConfigInput } from '../../../shared/storage-config';
import { freePort, listenOnLoopback, type RunningServer } from '../../services/ports';
import { issueServerCert, makeCa, type IssuedCert, type ThrowawayCa } from '../../services/tls-certs';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const rgw = inject('rgw');
const dir = mkdtempSync(join(tmpdir(), 'endpoint-probe-'));
let ca: ThrowawayCa;
let otherCa: ThrowawayCa;
const servers: RunningServer[] = [];
let goodCert: IssuedCert;
let good: RunningServer;
let wrongName: RunningServer;

const endpointConfig = (regionendpoint: string, more: Partial<StorageConfigInput> = {}) =>
  storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'target-probe', regionendpoint, forcepathstyle: true, ...more });

/** What openssl itself says about a certificate file (independent of Node's X509Certificate). */
async function opensslSays(certPath: string): Promise<{ subject: string; fingerprint256: string }> {
  const { stdout } = await run('openssl', ['x509', '-in', certPath, '-noout', '-subject', '-fingerprint', '-sha256'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  const subject = /^subject=(.*)$/m.exec(stdout)?.[1]?.replace(/\s*=\s*/g, '=') ?? '';
  const fingerprint256 = /Fingerprint=([0-9A-F:]+)$/im.exec(stdout)?.[1] ?? '';
  return { subject, fingerprint256 };
}

async function serve(cert: IssuedCert): Promise<RunningServer> {
  const server = createServer({ key: cert.keyPem, cert: cert.pem }, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);
  const running = await listenOnLoopback(server);
  servers.push(running);
  return running;
}

const tlsOf = (result: EndpointProbe) => result.probes.find((p) => p.id === 'tls');
const statuses = (result: EndpointProbe) => Object.fromEntries(result.probes.map((p) => [p.id, p.status]));

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([makeCa(dir, 'target'), makeCa(dir, 'other')]);
  // 30 days: a leaf within 14 days of expiry would be a warning, not the pass this suite asserts.
  goodCert = await issueServerCert(dir, 'good', { ca, sans: ['IP:127.0.0.1', 'DNS:localhost'], days: 30 });
  good = await serve(goodCert);
  wrongName = await serve(await issueServerCert(dir, 'wrong-name', { ca, sans: ['DNS:other.example'], days: 30 }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('probeEndpoint: a loopback TLS server signed by a throwaway CA', () => {
  it('the right CA verifies; the CA shown is the pasted one, as openssl describes it', async () => {
    const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${good.port}`, { ca: ca.pem }));
    expect(statuses(result)).toEqual({ dns: 'pass', tcp: 'pass', tls: 'pass' });
    expect(result.caVerifies).toBe(true);
    const expected = await opensslSays(ca.certPath);
    expect(expected.subject).toBe('CN=target test CA');
    expect(result.ca.map((c) => [c.subject, c.issuer, c.fingerprint256])).toEqual([[expected.subject, expected.subject, expected.fingerprint256]]);
  });

  it('a bundle of two CAs: both are shown in the order pasted, and it verifies', async () => {
    const result = await probeEndpoint(endpointConfig(`https://localhost:${good.port}`, { ca: `${otherCa.pem}\n${ca.pem}` }));
    const [first, second] = await Promise.all([opensslSays(otherCa.certPath), opensslSays(ca.certPath)]);
    expect(result.ca.map((c) => c.fingerprint256)).toEqual([first.fingerprint256, second.fingerprint256]);
    expect([tlsOf(result)?.status, result.caVerifies]).toEqual(['pass', true]);
  });

  it("the wrong CA does not verify: Validate's TLS_WRONG_CA, about this endpoint", async () => {
    const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${good.port}`, { ca: otherCa.pem }));
    expect(result.caVerifies).toBe(false);
    expect([tlsOf(result)?.status, tlsOf(result)?.diagnosis?.code]).toEqual(['fail', 'TLS_WRONG_CA']);
    expect(tlsOf(result)?.diagnosis?.message).toContain("does not sign this endpoint's chain (issued by CN=target test CA)");
    expect(result.ca.map((c) => c.subject)).toEqual(['CN=other test CA']);
  });

  it('sends no S3 request: the server sees handshakes and not one byte of HTTP (no listing, no sweep)', async () => {
    const received: string[] = [];
    const recorder = createServer({ key: goodCert.keyPem, cert: goodCert.pem }, (socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk.toString('latin1', 0, 40)));
      socket.on('error', () => undefined);
    });
    recorder.on('tlsClientError', () => undefined);
    const running = await listenOnLoopback(recorder);
    servers.push(running);
    // Keys the SDK's chain would find (as on an admin's machine), so a stray S3 call would really be sent.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIATARGETPROBE00000', AWS_SECRET_ACCESS_KEY: 'not-a-secret-target-probe' });
    try {
      const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${running.port}`, { ca: ca.pem }));
      expect([tlsOf(result)?.status, received]).toEqual(['pass', []]);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('a host name mismatch is its own diagnosis: the CA still verifies the chain', async () => {
    const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${wrongName.port}`, { ca: ca.pem }));
    expect([tlsOf(result)?.diagnosis?.code, result.caVerifies]).toEqual(['TLS_HOSTNAME_MISMATCH', true]);
  });

  it('with skipverify the wrong CA is a warning for the registry, and still does not verify', async () => {
    const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${good.port}`, { ca: otherCa.pem, skipverify: true }));
    expect([tlsOf(result)?.status, tlsOf(result)?.diagnosis?.code, result.caVerifies]).toEqual(['warn', 'TLS_WRONG_CA', false]);
  });

  it('a refused port: the transport diagnosis, TLS skipped, no CA verdict and no region advice', async () => {
    const result = await probeEndpoint(endpointConfig(`https://127.0.0.1:${await freePort()}`, { ca: ca.pem }));
    expect(statuses(result)).toEqual({ dns: 'pass', tcp: 'fail', tls: 'skipped' });
    const refused = result.probes.find((p) => p.id === 'tcp')?.diagnosis;
    expect(refused?.code).toBe('CONNECTION_REFUSED');
    expect(`${refused?.message} ${refused?.fix}`).not.toMatch(/region/i);
    expect(result.caVerifies).toBeUndefined();
    expect(result.ca).toHaveLength(1);
  });

  it('cancel: a handshake the server never answers ends at once with CANCELLED, not at the probe timeout', async () => {
    // Accepts and never answers: the TLS probe's handshake is held open by the server itself.
    let accepted = 0;
    let bothIn: () => void = () => undefined;
    const connected = new Promise<void>((done) => (bothIn = done));
    const silentServer = createTcpServer((socket) => {
      socket.on('error', () => undefined);
      if (++accepted === 2) bothIn();
    });
    const silent = await listenOnLoopback(silentServer);
    servers.push(silent);
    const controller = new AbortController();
    const probing = probeEndpoint(endpointConfig(`https://127.0.0.1:${silent.port}`, { ca: ca.pem }), { signal: controller.signal });
    await connected; // the TCP probe's connection and the TLS probe's (order unknown)
    const t0 = performance.now();
    controller.abort();
    const error: unknown = await probing.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('probeEndpoint against the test RGW over HTTPS', () => {
  it("RGW's own CA verifies it (subject and fingerprint as openssl reads the CA file)", async () => {
    const result = await probeEndpoint(endpointConfig(rgw.httpsEndpoint, { ca: rgw.caPem }));
    // The test RGW's certificate lives 7 days: verified, with Validate's expiry warning.
    expect(statuses(result)).toEqual({ dns: 'pass', tcp: 'pass', tls: 'warn' });
    expect(tlsOf(result)?.diagnosis?.code).toBe('TLS_CERT_EXPIRING');
    const expected = await opensslSays(rgw.caPath);
    expect(result.ca.map((c) => [c.subject, c.fingerprint256])).toEqual([[expected.subject, expected.fingerprint256]]);
    expect(result.caVerifies).toBe(true);
  });

  it('another CA does not verify RGW: TLS_WRONG_CA naming the issuer RGW presents', async () => {
    const result = await probeEndpoint(endpointConfig(rgw.httpsEndpoint, { ca: ca.pem }));
    expect([result.caVerifies, tlsOf(result)?.diagnosis?.code]).toEqual([false, 'TLS_WRONG_CA']);
    expect(tlsOf(result)?.diagnosis?.message).toContain('CN=throwaway rgw test CA');
  });

  it('no CA, in a scrubbed environment (no NODE_EXTRA_CA_CERTS/SSL_CERT_FILE/AWS_CA_BUNDLE): untrusted, TLS_UNKNOWN_CA', async () => {
    const config = endpointConfig(rgw.httpsEndpoint);
    const { stdout } = await run('node', ['--require', join(root, 'test/services/loopback-guard.cjs'), join(root, 'node_modules/jiti/lib/jiti-cli.mjs'),
      join(root, 'test/integration/tls/endpoint-probe-child.ts'), JSON.stringify(config)], { cwd: root, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, timeout: 60_000 });
    const result = JSON.parse(stdout) as EndpointProbe;
    expect([tlsOf(result)?.status, tlsOf(result)?.diagnosis?.code, result.ca, result.caVerifies]).toEqual(['fail', 'TLS_UNKNOWN_CA', [], undefined]);
  });

  it('through the contract door: the result passes its schema; a private key as CA and an AWS config are refused', async () => {
    const table = createHandlerTable();
    const context = { emitProgress: () => {}, signal: new AbortController().signal };
    const ok = await dispatch(table, 'checks.probeEndpoint', { config: endpointConfig(rgw.httpsEndpoint, { ca: rgw.caPem }) }, context);
    expect(ok).toMatchObject({ ok: true, value: { caVerifies: true } });
    const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    for (const config of [endpointConfig(rgw.httpsEndpoint, { ca: key }), { ...endpointConfig(''), provider: 'aws' }]) {
      const refused = await dispatch(table, 'checks.probeEndpoint', { config }, context);
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      // The refused value itself (a private key here) is never echoed back.
      expect(JSON.stringify(refused)).not.toContain('MC4CAQAw');
    }
  });
});
