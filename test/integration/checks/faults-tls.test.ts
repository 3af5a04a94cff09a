import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { makeTestPki, startTlsProxy, type RunningServer, type TestPki } from '../../services/tls-fixtures';
import { createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-tls');
const rgwHttpPort = Number(new URL(rgw.httpEndpoint).port);
let pki: TestPki;
const proxies: Record<'good' | 'otherHost' | 'expired' | 'chained', RunningServer | undefined> = { good: undefined, otherHost: undefined, expired: undefined, chained: undefined };

beforeAll(async () => {
  pki = await makeTestPki();
  await createBucket(rgw, bucket);
  // Each proxy terminates TLS with one certificate and forwards to RGW's plain-HTTP port.
  for (const name of ['good', 'otherHost', 'expired', 'chained'] as const) proxies[name] = await startTlsProxy(pki[name], rgwHttpPort);
});
afterAll(async () => {
  await Promise.all(Object.values(proxies).flatMap((p) => (p ? [p.close()] : [])));
});

const via = (name: keyof typeof proxies, overrides: { ca?: string; skipverify?: boolean } = {}) =>
  rgwConfig(rgw, { bucket, secure: true, regionendpoint: `https://127.0.0.1:${proxies[name]?.port}`, ...overrides });

/** The TLS probe fails with `code`, and every probe that rests on it is skipped, blocked by tls. */
async function expectTlsFailure(config: ReturnType<typeof via>, code: string) {
  const result = await runChecks(config, rgwCredentials(rgw));
  const tls = probe(result, 'tls');
  expect([tls.status, tls.diagnosis?.code]).toEqual(['fail', code]);
  expect(probe(result, 'tcp').status).toBe('pass');
  for (const id of ['clock', 'credentials', 'bucket-region', 'missing-key', 'push', 'list', 'pull'] as const) {
    expect([id, probe(result, id).status, probe(result, id).evidence.blockedBy]).toEqual([id, 'skipped', 'tls']);
  }
  // The S3 requests never got through TLS, so there is nothing to clean up and nothing is reported left.
  expect(result.leftovers).toEqual([]);
  return result;
}

describe('TLS faults, each with its own diagnosis', () => {
  it('passes through the proxy when the right CA is given (the fixture itself works)', async () => {
    const result = await runChecks(via('good', { ca: pki.caPem }), rgwCredentials(rgw));
    expect(result.probes.filter((p) => p.status !== 'pass').map((p) => [p.id, p.diagnosis?.code])).toEqual([]);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('unknown CA: no CA given and the system store does not know it', async () => {
    const result = await expectTlsFailure(via('good'), 'TLS_UNKNOWN_CA');
    expect(probe(result, 'tls').diagnosis?.message).toMatch(/certificate signed by unknown authority/);
    expect(probe(result, 'tls').evidence.chain).toEqual([expect.objectContaining({ subject: 'CN=good' })]);
  });

  // The usual private PKI: the endpoint sends its leaf and the intermediate, never the root. Node says
  // UNABLE_TO_GET_ISSUER_CERT_LOCALLY; the fix is still "paste the root", not a generic "check the chain".
  it('unknown CA behind an intermediate (leaf + intermediate sent, no root): the same diagnosis and fix', async () => {
    const result = await expectTlsFailure(via('chained'), 'TLS_UNKNOWN_CA');
    const tls = probe(result, 'tls');
    expect([tls.diagnosis?.cause, tls.evidence.trustedBySystem]).toEqual(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'no (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)']);
    expect(tls.diagnosis?.fix).toMatch(/Paste the root CA .* into "Root CA certificate"/);
    expect((tls.evidence.chain as { subject: string }[]).map((c) => c.subject)).toEqual(['CN=chained', 'CN=throwaway intermediate for check tests']);
    // With the root it verifies (the fixture is a good chain), and another CA is "the wrong CA".
    const rooted = await runChecks(via('chained', { ca: pki.caPem }), rgwCredentials(rgw));
    expect(rooted.probes.filter((p) => p.status !== 'pass').map((p) => [p.id, p.diagnosis?.code])).toEqual([]);
    await expectNoProbeLeftovers(rgw, bucket);
    await expectTlsFailure(via('chained', { ca: pki.otherCaPem }), 'TLS_WRONG_CA');
  });

  it('the wrong CA given: says the given CA does not sign the chain', async () => {
    await expectTlsFailure(via('good', { ca: pki.otherCaPem }), 'TLS_WRONG_CA');
  });

  it('a certificate for another host name', async () => {
    const result = await expectTlsFailure(via('otherHost', { ca: pki.caPem }), 'TLS_HOSTNAME_MISMATCH');
    expect(probe(result, 'tls').evidence.hostnameValid).toMatch(/^no \(/);
    expect(probe(result, 'tls').evidence.trustedByGivenCa).toBe('yes');
  });

  it('an expired certificate', async () => {
    const result = await expectTlsFailure(via('expired', { ca: pki.caPem }), 'TLS_CERT_EXPIRED');
    const chain = probe(result, 'tls').evidence.chain as { validTo: string }[];
    expect(chain[0]?.validTo).toBe('2020-02-01T00:00:00.000Z');
  });

  it('skipverify turns the expired certificate into a warning and S3 works through it, but Docker clients following the redirect would not', async () => {
    const result = await runChecks(via('expired', { skipverify: true }), rgwCredentials(rgw));
    expect(result.probes.filter((p) => p.status !== 'pass').map((p) => [p.id, p.status, p.diagnosis?.code])).toEqual([
      ['tls', 'warn', 'TLS_CERT_EXPIRED'],
      ['pull', 'fail', 'CLIENT_UNTRUSTED_STORAGE'],
    ]);
    expect(probe(result, 'pull').diagnosis?.cause).toBe('CERT_HAS_EXPIRED');
    await expectNoProbeLeftovers(rgw, bucket);
  });
});
