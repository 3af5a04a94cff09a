import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { inspectPeerChain, saveCaCertificate } from '../../../electron/services/tls/peer-chain';
import { pickCaCandidate } from '../../../shared/trust/ca-candidate';
import { issueServerCert, makeCa, type ThrowawayCa } from '../../services/tls-certs';
import { startLagMeter } from '../../services/timer-lag';

const rgw = inject('rgw');
const rgwUrl = new URL(rgw.httpsEndpoint);
const rgwPort = Number(rgwUrl.port);

let dir: string;
let ca: ThrowawayCa;
const servers: (Server | TcpServer)[] = [];

const sockets = new Set<{ destroy(): void }>();

function listen(server: Server | TcpServer): Promise<number> {
  servers.push(server);
  // close() waits for open connections: remember them so teardown can end them.
  server.on('connection', (socket: { destroy(): void; once(e: string, f: () => void): void }) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

async function tlsServer(certPem: string, keyPem: string): Promise<number> {
  const server = createServer({ cert: certPem, key: keyPem }, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'peer-chain-'));
  ca = await makeCa(dir, 'peer');
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  rmSync(dir, { recursive: true, force: true });
});

describe('inspectPeerChain against the RGW HTTPS port', () => {
  it('reads the chain, trusts it only with the RGW CA, and the IP SAN matches', async () => {
    const report = await inspectPeerChain({ host: '127.0.0.1', port: rgwPort, caPem: rgw.caPem });
    expect(report.chain[0]?.subjectAltNames).toContain('IP Address:127.0.0.1');
    expect(report.chain[0]?.subject).toBe('CN=localhost');
    expect(report.chain[0]?.isCA).toBe(false);
    expect(report.trustedByCa).toEqual({ ok: true });
    expect(report.trustedBySystem.ok).toBe(false);
    expect(report.trustedBySystem.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(report.hostnameValid).toEqual({ ok: true });
    expect(report.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(Date.parse(report.chain[0]?.validTo ?? '')).toBeGreaterThan(Date.now());
    // With the CA the chain is completed up to the root, which is then offered as the CA file.
    const candidate = pickCaCandidate(report);
    expect(candidate.kind).toBe('root');
    if (candidate.kind !== 'root') return;
    expect(candidate.cert.fingerprint256).toBe(new X509Certificate(rgw.caPem).fingerprint256);
    const saved = join(dir, 'saved', 'storage-ca.crt');
    await saveCaCertificate(candidate.cert, saved);
    expect(new X509Certificate(readFileSync(saved)).fingerprint256).toBe(candidate.cert.fingerprint256);
  });

  it('reports a name mismatch separately from trust', async () => {
    const report = await inspectPeerChain({
      host: '127.0.0.1',
      port: rgwPort,
      servername: 'storage.wrong-name.test',
      caPem: rgw.caPem,
    });
    expect(report.servername).toBe('storage.wrong-name.test');
    expect(report.trustedByCa).toEqual({ ok: true });
    expect(report.hostnameValid.ok).toBe(false);
    expect(report.hostnameValid.reason).toMatch(/storage\.wrong-name\.test/);
  });

  it('without a CA, a leaf-only server offers no CA file and says why', async () => {
    const report = await inspectPeerChain({ host: '127.0.0.1', port: rgwPort });
    expect(report.trustedByCa).toBeUndefined();
    expect(report.chain).toHaveLength(1);
    const candidate = pickCaCandidate(report);
    expect(candidate.kind).toBe('unavailable');
    expect(candidate.note).toMatch(/throwaway rgw test CA/);
  });
});

describe('inspectPeerChain against throwaway servers', () => {
  it('flags an expired certificate even when its CA is given', async () => {
    const expired = await issueServerCert(dir, 'expired', { ca, sans: ['IP:127.0.0.1'], days: -1 });
    const port = await tlsServer(expired.pem, expired.keyPem);
    const report = await inspectPeerChain({ host: '127.0.0.1', port, caPem: ca.pem });
    expect(report.trustedByCa).toEqual({ ok: false, code: 'CERT_HAS_EXPIRED' });
    expect(Date.parse(report.chain[0]?.validTo ?? '')).toBeLessThan(Date.now());
  });

  it('offers the root when the server presents it in its chain', async () => {
    const leaf = await issueServerCert(dir, 'chained', { ca, sans: ['DNS:dtr.example.test'] });
    const port = await tlsServer(`${leaf.pem}${ca.pem}`, leaf.keyPem);
    const report = await inspectPeerChain({ host: '127.0.0.1', port, servername: 'dtr.example.test' });
    expect(report.chain.map((c) => c.subject)).toEqual(['CN=chained', 'CN=peer test CA']);
    expect(report.chain[1]?.selfSigned).toBe(true);
    expect(report.chain[1]?.isCA).toBe(true);
    expect(report.trustedBySystem).toEqual({ ok: false, code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(report.hostnameValid).toEqual({ ok: true });
    const candidate = pickCaCandidate(report);
    expect(candidate.kind).toBe('root');
    if (candidate.kind === 'root') expect(candidate.cert.fingerprint256).toBe(new X509Certificate(ca.pem).fingerprint256);
  });

  it('offers a self-signed leaf with a pinning note', async () => {
    const self = await issueServerCert(dir, 'selfsigned', { sans: ['IP:127.0.0.1'] });
    const port = await tlsServer(self.pem, self.keyPem);
    const report = await inspectPeerChain({ host: '127.0.0.1', port });
    expect(report.trustedBySystem).toEqual({ ok: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const candidate = pickCaCandidate(report);
    expect(candidate.kind).toBe('self-signed-leaf');
    expect(candidate.note).toMatch(/pins this exact certificate/);
  });

  it('turns a refused connection into a diagnosis', async () => {
    const port = await listen(createTcpServer());
    await new Promise((r) => servers.pop()?.close(() => r(undefined)));
    await expect(inspectPeerChain({ host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'CONNECTION_REFUSED' });
  });

  it('gives up after the timeout when the port never answers the handshake', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const started = Date.now();
    const lag = startLagMeter();
    await expect(inspectPeerChain({ host: '127.0.0.1', port, timeoutMs: 300 })).rejects.toMatchObject({ code: 'TLS_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3_000 + lag.stop());
  });

  it('stops when aborted', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(inspectPeerChain({ host: '127.0.0.1', port, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
