import { createServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import { verifyDtrTrust } from '../../../electron/services/tls/dtr-trust';
import { freePort, listenOnLoopback, type RunningServer } from '../../services/ports';
import { makeTestPki, type TestPki } from '../../services/tls-fixtures';

let pki: TestPki;
let leafOnly: RunningServer;
let withRoot: RunningServer;
let otherName: RunningServer;
let expired: RunningServer;
const norm = (pem: string) => pem.replace(/\s+/g, '');
const plainHttp = storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'b', regionendpoint: 'http://127.0.0.1:9', forcepathstyle: true, secure: false });
const trust = (port: number, dtrCaPem: string, mode: 'ca' | 'disable-redirect' = 'ca') => ({ dtrHost: `localhost:${port}`, mode, dtrCaPem });

beforeAll(async () => {
  pki = await makeTestPki();
  const serve = (cert: string) => {
    const server = createServer({ key: pki.good.key, cert }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    return listenOnLoopback(server);
  };
  leafOnly = await serve(pki.good.cert);
  // DTR-like: the server sends its root along (a self-signed certificate in the chain).
  withRoot = await serve(`${pki.good.cert.trim()}\n${pki.caPem}`);
  const serveWith = (pair: { key: string; cert: string }) => {
    const server = createServer({ key: pair.key, cert: pair.cert }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    return listenOnLoopback(server);
  };
  otherName = await serveWith(pki.otherHost);
  expired = await serveWith(pki.expired);
});
afterAll(async () => {
  await Promise.all([leafOnly?.close(), withRoot?.close(), otherName?.close(), expired?.close()]);
});

/** DTR's verification uses the trust a Docker client gets: the runtime's roots plus certs.d/<dtr-host>/*.crt. */
describe("verifyDtrTrust: DTR's host against the client's trust", () => {
  it("verifies with DTR's CA, names what the client trusted, and offers no root it already has", async () => {
    const verdict = await verifyDtrTrust(plainHttp, trust(withRoot.port, pki.caPem));
    expect([verdict.verified, verdict.diagnosis]).toEqual([true, undefined]);
    expect(verdict.trustedBy).toContain(`docker/certs.d/localhost:${withRoot.port}/ca.crt`);
    expect(verdict.inspectedRoot).toBeUndefined();
    expect(verdict.report?.chain.map((c) => c.subject)).toEqual(['CN=good', 'CN=throwaway ca for check tests']);
  });

  it('a CA that did not issue the chain: TLS_WRONG_CA (the TLS probe\'s verdict), and the root the server sent is offered', async () => {
    const verdict = await verifyDtrTrust(plainHttp, trust(withRoot.port, pki.otherCaPem));
    expect([verdict.verified, verdict.diagnosis?.code]).toEqual([false, 'TLS_WRONG_CA']);
    expect(verdict.diagnosis?.fix).toContain("DTR's CA certificate");
    // The subject is DTR, not the storage endpoint the TLS probe's words were written for.
    expect(verdict.diagnosis?.message).toContain(`DTR's (localhost:${withRoot.port}) chain`);
    expect(verdict.diagnosis?.message).not.toMatch(/endpoint/);
    expect(norm(verdict.inspectedRoot?.pem ?? '')).toBe(norm(pki.caPem));
    // Using that root verifies.
    expect((await verifyDtrTrust(plainHttp, trust(withRoot.port, verdict.inspectedRoot?.pem ?? ''))).verified).toBe(true);
  });

  it('no CA: the runtime roots do not verify a private CA', async () => {
    const verdict = await verifyDtrTrust(plainHttp, trust(withRoot.port, ''));
    expect([verdict.verified, verdict.diagnosis?.code]).toEqual([false, 'TLS_UNKNOWN_CA']);
    expect(verdict.diagnosis?.message).toContain(`DTR's certificate chain (localhost:${withRoot.port})`);
    expect(verdict.diagnosis?.message).not.toMatch(/endpoint/);
    // A server that sends only its leaf: nothing to offer.
    const leaf = await verifyDtrTrust(plainHttp, trust(leafOnly.port, ''));
    expect([leaf.verified, leaf.inspectedRoot]).toEqual([false, undefined]);
  });

  it("the storage CA in the same certs.d directory is trusted for DTR too (Docker reads every *.crt there), but not with redirects disabled", async () => {
    const https = { ...plainHttp, regionendpoint: 'https://127.0.0.1:9', secure: true, ca: pki.caPem };
    const shared = await verifyDtrTrust(https, trust(leafOnly.port, ''));
    expect([shared.verified, shared.diagnosis, shared.trustedBy]).toEqual([true, undefined, expect.anything()]);
    expect((await verifyDtrTrust(https, trust(leafOnly.port, '', 'disable-redirect'))).verified).toBe(false);
  });

  it('a refused connection is a verdict with the transport diagnosis, not an error', async () => {
    const port = await freePort();
    const verdict = await verifyDtrTrust(plainHttp, trust(port, pki.caPem));
    expect([verdict.verified, verdict.diagnosis?.code, verdict.report]).toEqual([false, 'CONNECTION_REFUSED', undefined]);
    expect(verdict.diagnosis?.message).toBe(`Nothing accepts connections at DTR's address (localhost:${port}).`);
    expect(verdict.diagnosis?.fix).not.toMatch(/endpoint/);
  });

  it('a certificate for another name, and an expired one: DTR\'s words and DTR\'s fix, never the storage endpoint\'s', async () => {
    const mismatch = await verifyDtrTrust(plainHttp, trust(otherName.port, pki.caPem));
    expect([mismatch.verified, mismatch.diagnosis?.code]).toEqual([false, 'TLS_HOSTNAME_MISMATCH']);
    expect(mismatch.diagnosis?.message).toContain(`DTR's certificate is not valid for localhost:${otherName.port}`);
    expect(mismatch.diagnosis?.fix).toContain('mirantis/dtr reconfigure --dtr-cert');
    const old = await verifyDtrTrust(plainHttp, trust(expired.port, pki.caPem));
    expect([old.verified, old.diagnosis?.code]).toEqual([false, 'TLS_CERT_EXPIRED']);
    expect(old.diagnosis?.message).toContain(`DTR's certificate (localhost:${expired.port}) has expired`);
    for (const verdict of [mismatch, old]) expect(`${verdict.diagnosis?.message} ${verdict.diagnosis?.fix}`).not.toMatch(/endpoint|storage/i);
  });
});
