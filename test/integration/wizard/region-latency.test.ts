import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { measureOne, measureRegionLatency } from '../../../electron/services/region-latency';
import { startLagMeter } from '../../services/timer-lag';

/** RTT figures are real requests: to RGW they succeed, and every kind of failure is reported as it happened. */
describe('region latency', () => {
  const rgw = inject('rgw');
  let silent: Server;
  const sockets: Socket[] = [];
  let silentPort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('measures the S3-compatible endpoint (RGW over HTTPS and HTTP) and never recommends an AWS region for it', async () => {
    for (const endpoint of [rgw.httpsEndpoint, rgw.httpEndpoint]) {
      const { results, recommended } = await measureRegionLatency({ provider: 's3-compatible', endpoint, timeoutMs: 3000 });
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ region: 'endpoint', host: new URL(endpoint).host, status: 'ok' });
      expect(results[0]!.rttMs).toBeGreaterThanOrEqual(0);
      expect(recommended).toBeUndefined();
    }
  });

  it('reports a refused connection as unreachable with its code, a silent one as a timeout, and a bad URL as such', async () => {
    expect(await measureOne(new URL(`http://127.0.0.1:${closedPort}/`), 2000)).toEqual({ status: 'unreachable', code: 'ECONNREFUSED' });
    const t0 = performance.now();
    const lag = startLagMeter();
    expect(await measureOne(new URL(`http://127.0.0.1:${silentPort}/`), 300)).toEqual({ status: 'timeout', code: 'ETIMEDOUT' });
    expect(performance.now() - t0).toBeLessThan(2000 + lag.stop());
    const bad = await measureRegionLatency({ provider: 's3-compatible', endpoint: 'not a url' });
    expect(bad.results).toEqual([{ region: 'endpoint', host: 'not a url', status: 'unreachable', code: 'INVALID_URL' }]);
  });

  it('stops when cancelled and says so instead of returning figures', async () => {
    const controller = new AbortController();
    const pending = measureRegionLatency({ provider: 's3-compatible', endpoint: `http://127.0.0.1:${silentPort}`, timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
