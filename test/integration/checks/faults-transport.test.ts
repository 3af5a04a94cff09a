import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract';
import { runChecks } from '../../../electron/services/checks/runner';
import { freePort } from '../../services/ports';
import { startSilentListener, type RunningServer } from '../../services/tls-fixtures';
import { createBucket, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';
import { startLagMeter } from '../../services/timer-lag';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-net');
let silent: RunningServer;

beforeAll(async () => {
  await createBucket(rgw, bucket);
  silent = await startSilentListener();
});
afterAll(async () => {
  await silent?.close();
});

describe('transport faults', () => {
  it('a closed port: connection refused, and everything above TCP is skipped', async () => {
    const port = await freePort();
    const result = await runChecks(rgwConfig(rgw, { bucket, regionendpoint: `http://127.0.0.1:${port}` }), rgwCredentials(rgw));
    expect(probe(result, 'dns').status).toBe('pass');
    expect([probe(result, 'tcp').status, probe(result, 'tcp').diagnosis?.code]).toEqual(['fail', 'CONNECTION_REFUSED']);
    expect(result.probes.filter((p) => p.status === 'skipped').map((p) => p.evidence.blockedBy)).toEqual(Array(8).fill('tcp'));
    expect(result.leftovers).toEqual([]);
  });

  for (const secure of [false, true]) {
    it(`a listener that accepts TCP and never answers (${secure ? 'https' : 'http'}): the probe timeout is honoured within 10 %`, async () => {
      const probeTimeoutMs = 1_500;
      const events: ProgressEvent[] = [];
      const t0 = performance.now();
      const failedAt: Record<string, number> = {};
      const lag = startLagMeter();
      const result = await runChecks(
        rgwConfig(rgw, { bucket, secure, regionendpoint: `${secure ? 'https' : 'http'}://127.0.0.1:${silent.port}` }),
        rgwCredentials(rgw),
        {
          probeTimeoutMs,
          cleanupTimeoutMs: 500,
          onProgress: (e) => {
            events.push(e);
            if (e.status !== 'running') failedAt[e.step] ??= performance.now() - t0;
          },
        },
      );
      // Within 10 %, plus however late this process's timers ran meanwhile (a loaded machine).
      const limit = probeTimeoutMs * 1.1 + lag.stop();
      expect(probe(result, 'tcp').status).toBe('pass');
      const tls = probe(result, 'tls');
      expect(tls.status).toBe('fail');
      expect(tls.diagnosis?.code).toMatch(/^(TLS_)?TIMEOUT$/);
      expect(tls.durationMs).toBeGreaterThanOrEqual(probeTimeoutMs * 0.99);
      expect(tls.durationMs).toBeLessThanOrEqual(limit);
      // The verdict reaches the user (progress) within 10 % of the timeout too, before any cleanup.
      expect(failedAt.tls).toBeLessThanOrEqual(limit);
      expect(failedAt.push).toBeLessThanOrEqual(limit);
      expect(probe(result, 'push').evidence.blockedBy).toBe('tls');
      // A request that got no answer may or may not have been acted on: the sweep tries, is bounded
      // (500 ms here), and says honestly that it could not confirm.
      expect(result.totalMs).toBeLessThan(limit + 500 + 2_000);
      if (result.leftovers.length) expect(result.leftovers.join('\n')).toMatch(/dtr-s3-assistant-probe/);
    });
  }

  it('plain HTTP spoken to the HTTPS port', async () => {
    const httpsPort = new URL(rgw.httpsEndpoint).port;
    const result = await runChecks(rgwConfig(rgw, { bucket, secure: false, regionendpoint: `http://127.0.0.1:${httpsPort}` }), rgwCredentials(rgw), { cleanupTimeoutMs: 2_000 });
    const tls = probe(result, 'tls');
    expect([tls.status, tls.diagnosis?.code]).toEqual(['fail', 'HTTP_TO_HTTPS_PORT']);
    expect(tls.evidence.speaksTls).toBe(true);
    expect(probe(result, 'credentials').status).toBe('skipped');
    expect(result.leftovers).toEqual([]);
  });

  it('HTTPS spoken to the plain-HTTP port', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket, secure: true, regionendpoint: rgw.httpEndpoint.replace('http:', 'https:') }), rgwCredentials(rgw));
    const tls = probe(result, 'tls');
    expect([tls.status, tls.diagnosis?.code]).toEqual(['fail', 'HTTPS_TO_HTTP_PORT']);
    expect(result.leftovers).toEqual([]);
  });

  it('the run deadline stops everything still running', async () => {
    const lag = startLagMeter();
    const result = await runChecks(
      rgwConfig(rgw, { bucket, regionendpoint: `http://127.0.0.1:${silent.port}` }),
      rgwCredentials(rgw),
      { probeTimeoutMs: 5_000, deadlineMs: 800, cleanupTimeoutMs: 200 },
    );
    const tls = probe(result, 'tls');
    expect(tls.status).toBe('fail');
    expect(tls.durationMs).toBeLessThanOrEqual(800 * 1.1 + lag.stop());
  });
});
