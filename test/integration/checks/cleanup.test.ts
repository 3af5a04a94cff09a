import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { startDelayLine, type DelayLine } from '../../services/delay-line';
import { createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';
import { startLagMeter } from '../../services/timer-lag';

/**
 * Cleanup must run even when probes are cut off half-way. A delay line in front of RGW (200 ms each
 * way, so 400 ms per request) makes the push and pull probes time out *after* they created
 * something on the real server; the final sweep must remove it.
 */
const rgw = inject('rgw');
const bucket = uniqueBucket('checks-cleanup');
let slow: DelayLine;

beforeAll(async () => {
  await createBucket(rgw, bucket);
  slow = await startDelayLine(Number(new URL(rgw.httpEndpoint).port), 200);
});
afterAll(async () => {
  await slow?.close();
});

const slowConfig = () => rgwConfig(rgw, { bucket, regionendpoint: `http://127.0.0.1:${slow.port}`, rootdirectory: 'slow' });

describe('cleanup always runs', () => {
  it('after a probe timeout: the half-written object and the open multipart upload are removed', async () => {
    // push: put + two creates (400), then the next stage (400) > 700: it times out with objects and
    // uploads open; pull: put (400), then the presigned fetch (400) > 700: the blob exists.
    const lag = startLagMeter();
    const result = await runChecks(slowConfig(), rgwCredentials(rgw), { probeTimeoutMs: 700, cleanupTimeoutMs: 10_000, only: ['push', 'pull'] });
    const late = lag.stop();
    for (const id of ['push', 'pull'] as const) {
      const p = probe(result, id);
      expect([id, p.status, p.diagnosis?.code]).toEqual([id, 'fail', 'TIMEOUT']);
      expect(p.durationMs).toBeLessThanOrEqual(700 * 1.1 + late);
    }
    expect(result.leftovers).toEqual([]);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('after the caller cancels: every probe ends at once as CANCELLED, and the sweep still runs', async () => {
    const controller = new AbortController();
    // When the abort really fired: on a loaded machine the timer itself can be hundreds of ms late.
    let abortedAt = Number.POSITIVE_INFINITY;
    setTimeout(() => {
      abortedAt = performance.now() - t0;
      controller.abort();
    }, 600);
    const t0 = performance.now();
    const lag = startLagMeter();
    const result = await runChecks(slowConfig(), rgwCredentials(rgw), { signal: controller.signal, cleanupTimeoutMs: 10_000, only: ['push', 'pull'] });
    const late = lag.stop();
    const cancelled = result.probes.filter((p) => p.diagnosis?.code === 'CANCELLED').map((p) => p.id);
    expect(cancelled).toEqual(['push', 'pull']);
    expect(Math.max(...result.probes.map((p) => p.durationMs))).toBeLessThanOrEqual(Math.max(600, abortedAt) * 1.1 + late);
    expect(result.leftovers).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(10_000 + late);
    await expectNoProbeLeftovers(rgw, bucket);
  });
});
