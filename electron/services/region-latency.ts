import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../../shared/app-error';
import { checkLimitsOrThrow } from './check-limits';
import { transportErrorCodes } from '../../shared/contract';
import { detectS3Server } from '../../shared/s3-server';
import type { Provider } from '../../shared/storage-config';
import { REGIONS_BY_PARTITION, s3EndpointHost } from '../../shared/validation';
import type { RegionLatency } from '../../shared/channels/regions';

export interface MeasureLatencyOptions {
  provider: Provider;
  /** S3-compatible: the one endpoint URL to measure. */
  endpoint?: string;
  /** Per endpoint. Default 3 s, or $DTR_S3_ASSISTANT_LATENCY_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One unauthenticated HEAD on a fresh connection: DNS, TCP, TLS and the first response byte. Any HTTP
 * answer (403 included) means the endpoint is reachable; the figure is what a registry's first request
 * to it costs. Never retried: a failure is reported as it happened.
 */
export function measureOne(url: URL, timeoutMs: number, signal?: AbortSignal): Promise<Omit<RegionLatency, 'region' | 'host'>> {
  const started = performance.now();
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: Omit<RegionLatency, 'region' | 'host'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(value);
    };
    // Reachability only: the certificate is the TLS probe's business, not this figure's.
    const req = send(url, { method: 'HEAD', agent: false, rejectUnauthorized: false, signal }, (res) => {
      res.resume();
      const rttMs = Math.round(performance.now() - started);
      const headers = Object.fromEntries(Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
      done({ status: 'ok', rttMs, server: detectS3Server(headers) });
    });
    const timer = setTimeout(() => done({ status: 'timeout', code: 'ETIMEDOUT' }), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => done({ status: 'unreachable', code: error.code ?? error.name }));
    req.end();
  });
}

/**
 * RTT from this machine to every AWS region's S3 endpoint in parallel (or to the one S3-compatible
 * endpoint). The recommendation is the fastest reachable region; undefined when none answered.
 */
export async function measureRegionLatency(options: MeasureLatencyOptions): Promise<{ results: RegionLatency[]; recommended?: string }> {
  const limits = checkLimitsOrThrow(process.env);
  const timeoutMs = options.timeoutMs ?? limits.latencyTimeoutMs;
  const targets: { region: string; url: URL }[] = [];
  if (options.provider === 's3-compatible') {
    const endpoint = options.endpoint?.trim() ?? '';
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      return { results: [{ region: 'endpoint', host: endpoint, status: 'unreachable', code: 'INVALID_URL' }] };
    }
    targets.push({ region: 'endpoint', url });
  } else {
    for (const region of REGIONS_BY_PARTITION.aws) {
      const host = s3EndpointHost(region);
      if (host) targets.push({ region, url: new URL(`https://${host}/`) });
    }
  }
  const results = await Promise.all(
    targets.map(async ({ region, url }) => ({ region, host: url.host, ...(await measureOne(url, timeoutMs, options.signal)) })),
  );
  // Aborted requests end as errors too; a cancelled measurement must not pass them off as figures.
  if (options.signal?.aborted) throw new AppError({ code: transportErrorCodes.cancelled, message: 'The latency measurement was cancelled.' });
  const fastest = results.filter((r) => r.status === 'ok').sort((a, b) => (a.rttMs ?? 0) - (b.rttMs ?? 0))[0];
  return { results, ...(fastest && options.provider === 'aws' ? { recommended: fastest.region } : {}) };
}
