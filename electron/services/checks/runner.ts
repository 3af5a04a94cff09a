import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/app-error';
import {
  probeDependencies,
  probeIds,
  probeTitles,
  type CheckRunResult,
  type Diagnosis,
  type DriverVersion,
  type ProbeId,
  type ProbeResult,
} from '../../../shared/checks';
import type { ProgressEvent } from '../../../shared/contract';
import { checkLimitsOrThrow } from '../check-limits';
import { diagnoseTimeout, diagnoseTransport } from '../../../shared/diagnosis';
import { keylessNotVerified, keylessRunnableProbes } from '../../../shared/keyless';
import type { ClientTrust } from '../../../shared/profile';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import { createS3Client } from '../s3-client';
import { bucketRegionProbe } from './bucket-region';
import { CleanupLedger, sweepRunPrefix } from './cleanup';
import { sweepExpiredClientProbes } from './client-probe-sweep';
import { clockProbe } from './clock';
import { ProbeFailure, probeKey, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from './context';
import { credentialsProbe } from './credentials';
import { dnsProbe } from './dns';
import { listProbe } from './list';
import { missingKeyProbe } from './missing-key';
import { pullProbe } from './pull';
import { pushProbe } from './push';
import { resolveTarget, type ProbeTarget } from './target';
import { tcpProbe } from './tcp';
import { tlsProbe } from './tls';

export interface RunChecksOptions {
  onProgress?(event: ProgressEvent): void;
  signal?: AbortSignal;
  /** Per probe (a probe's S3 calls share it). Default 10 s, or $DTR_S3_ASSISTANT_PROBE_TIMEOUT_MS. */
  probeTimeoutMs?: number;
  /** The whole run, cleanup excluded. Default 30 s, or $DTR_S3_ASSISTANT_CHECK_DEADLINE_MS. */
  deadlineMs?: number;
  only?: ProbeId[];
  /** With no static credentials: the AWS profile for the SDK's chain. */
  awsProfile?: string;
  /** Added to this machine's clock when signing and measuring (to model a skewed host). */
  clockOffsetMs?: number;
  /** Bound on the final sweep of leftover probe objects/uploads. Default 10 s. */
  cleanupTimeoutMs?: number;
  operationId?: string;
  /** Whose calls to replay where Distribution 2.8 and v3 differ. Default 2.8 (DTR, MSR 2.x). */
  driver?: DriverVersion;
  /** The clients' trust choice the pull probe models. Default: the profile default (mode 'ca', no DTR host yet). */
  clientTrust?: ClientTrust;
}

const defaultClientTrust: ClientTrust = { dtrHost: '', mode: 'ca', dtrCaPem: '' };

const definitions: Record<ProbeId, ProbeDefinition> = {
  dns: dnsProbe,
  tcp: tcpProbe,
  tls: tlsProbe,
  credentials: credentialsProbe,
  'bucket-region': bucketRegionProbe,
  clock: clockProbe,
  'missing-key': missingKeyProbe,
  push: pushProbe,
  list: listProbe,
  pull: pullProbe,
};

/** Transport verdicts that mean no request can have reached an S3 server. */
const noS3Reached = new Set([
  'DNS_NOT_FOUND', 'DNS_UNAVAILABLE', 'VIRTUAL_HOST_DNS', 'CONNECTION_REFUSED', 'HOST_UNREACHABLE', 'HTTP_TO_HTTPS_PORT',
  'HTTPS_TO_HTTP_PORT', 'TLS_UNKNOWN_CA', 'TLS_WRONG_CA', 'TLS_SELF_SIGNED', 'TLS_HOSTNAME_MISMATCH', 'TLS_CERT_EXPIRED',
  'TLS_CERT_NOT_YET_VALID',
]);

/** The probes that send no S3 request. */
const transportProbes = new Set<ProbeId>(['dns', 'tcp', 'tls']);

/** Probe endings that may leave a request in flight whose effect on the server is unknown. */
const cutOffCodes = new Set(['TIMEOUT', 'CANCELLED', 'DEADLINE_EXCEEDED']);

/** The nearest probes in the selected set that `id` rests on (skipping over unselected ones). */
function selectedDependencies(id: ProbeId, selected: Set<ProbeId>): ProbeId[] {
  return probeDependencies[id].flatMap((dep) => (selected.has(dep) ? [dep] : selectedDependencies(dep, selected)));
}

function outcomeOfError(error: unknown): ProbeOutcome {
  if (error instanceof ProbeFailure) return { status: 'fail', evidence: error.evidence, diagnosis: error.diagnosis };
  const code = (error as NodeJS.ErrnoException)?.code;
  const diagnosis: Diagnosis = diagnoseTransport(code) ?? {
    code: 'PROBE_ERROR',
    message: 'The probe failed unexpectedly.',
    fix: 'Run the check again; if it persists, report it with the evidence.',
    // Only the error's class or code: a raw message might carry request details.
    cause: code ?? (error as Error)?.name ?? 'unknown',
  };
  return { status: 'fail', evidence: {}, diagnosis };
}

/**
 * Run the probes. All start at once (speculatively): a request that would fail because DNS or TLS
 * fails simply fails fast, and the dependency graph decides afterwards what is reported as skipped.
 * So the run takes about as long as its longest probe, not the sum of the chain. Every probe has a
 * timeout, the run a deadline, and whatever a probe may have left behind is swept at the end.
 */
export async function runChecks(
  config: StorageConfig,
  credentials: StorageCredentials | undefined,
  opts: RunChecksOptions = {},
): Promise<CheckRunResult> {
  const t0 = performance.now();
  const limits = checkLimitsOrThrow(process.env);
  const probeTimeoutMs = opts.probeTimeoutMs ?? limits.probeTimeoutMs;
  const deadlineMs = opts.deadlineMs ?? limits.deadlineMs;
  const operationId = opts.operationId ?? randomUUID();
  const emit = (event: Omit<ProgressEvent, 'operationId'>) => opts.onProgress?.({ operationId, ...event });
  let target: ProbeTarget;
  try {
    target = resolveTarget(config);
  } catch {
    throw new AppError({ code: 'INVALID_ENDPOINT', message: 'The region endpoint is not a valid URL.', fix: 'Use a URL such as https://s3.example.com:9000.' });
  }
  const clockOffsetMs = opts.clockOffsetMs ?? 0;
  // Keyless: no key is the registry's, and this machine's chain is not its role, so nothing signs (the rule in
  // shared/keyless.ts); only the probes that need no identity run, the others say what was not verified.
  const s3 = createS3Client(config, {
    ...(config.keyless ? { anonymous: true } : { credentials, ...(opts.awsProfile ? { awsProfile: opts.awsProfile } : {}) }),
    connectTimeoutMs: probeTimeoutMs,
    requestTimeoutMs: probeTimeoutMs,
    clockOffsetMs,
    maxSockets: 32,
  });
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), deadlineMs);
  const runSignal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  const ledger = new CleanupLedger();
  const runId = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  const inflight: Promise<unknown>[] = [];

  const runOne = async (id: ProbeId): Promise<{ outcome: ProbeOutcome; durationMs: number }> => {
    const started = performance.now();
    const timeoutMs = Math.max(1, Math.min(probeTimeoutMs, deadlineMs - (started - t0)));
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, runSignal]);
    const ctx: ProbeContext = {
      config, target, s3, signal, timeoutMs, ledger, runId, now: () => Date.now() + clockOffsetMs,
      driver: opts.driver ?? '2.8', clientTrust: opts.clientTrust ?? defaultClientTrust,
    };
    let timer: NodeJS.Timeout | undefined;
    const work = definitions[id].run(ctx).catch(outcomeOfError);
    inflight.push(work);
    const timedOut = new Promise<ProbeOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ status: 'fail', evidence: { timeoutMs }, diagnosis: diagnoseTimeout(probeTitles[id], timeoutMs) });
      }, timeoutMs);
    });
    const stopped = new Promise<ProbeOutcome>((resolve) => {
      const onStop = () =>
        resolve({
          status: 'fail',
          evidence: {},
          diagnosis: opts.signal?.aborted
            ? { code: 'CANCELLED', message: 'The check was cancelled.', fix: 'Run it again.' }
            : { code: 'DEADLINE_EXCEEDED', message: `The whole check did not finish within ${deadlineMs} ms.`, fix: 'Look at the probes that were still running; their endpoint is slow or silent.' },
        });
      if (runSignal.aborted) onStop();
      else runSignal.addEventListener('abort', onStop, { once: true });
    });
    const outcome = await Promise.race([work, timedOut, stopped]);
    clearTimeout(timer);
    return { outcome, durationMs: Math.round(performance.now() - started) };
  };

  const selected = new Set<ProbeId>(probeIds.filter((id) => !opts.only || opts.only.includes(id)));
  const finals = new Map<ProbeId, Promise<ProbeResult & { blockedBy?: ProbeId }>>();
  const finalOf = (id: ProbeId): Promise<ProbeResult & { blockedBy?: ProbeId }> => {
    const existing = finals.get(id);
    if (existing) return existing;
    if (config.keyless && !keylessRunnableProbes.includes(id)) {
      const notVerified = keylessNotVerified(id, probeTitles[id]);
      emit({ step: id, status: notVerified.status, message: notVerified.diagnosis?.message ?? notVerified.title, durationMs: 0 });
      finals.set(id, Promise.resolve(notVerified));
      return finals.get(id) as Promise<ProbeResult>;
    }
    emit({ step: id, status: 'running', message: probeTitles[id] });
    const own = runOne(id);
    const result = (async () => {
      const deps = await Promise.all(selectedDependencies(id, selected).map(finalOf));
      const { outcome, durationMs } = await own;
      const blocker = deps.find((d) => d.status === 'fail' || d.blockedBy);
      const blockedBy = blocker ? (blocker.blockedBy ?? blocker.id) : undefined;
      const final: ProbeResult & { blockedBy?: ProbeId } = blockedBy
        ? {
            id,
            title: probeTitles[id],
            status: 'skipped',
            durationMs,
            // What the probe itself saw is kept as a hint, but the blocker's diagnosis is the one that counts.
            evidence: { blockedBy, reason: `skipped: ${blockedBy} failed`, ownOutcome: outcome.diagnosis?.cause ?? outcome.diagnosis?.code ?? outcome.status },
            blockedBy,
          }
        : { id, title: probeTitles[id], status: outcome.status, durationMs, evidence: outcome.evidence, ...(outcome.diagnosis ? { diagnosis: outcome.diagnosis } : {}) };
      emit({ step: id, status: final.status, message: final.diagnosis?.message ?? final.title, durationMs });
      return final;
    })();
    finals.set(id, result);
    return result;
  };

  try {
    const results = await Promise.all([...selected].map(finalOf));
    // Timed-out probes were aborted; let their requests unwind before sweeping what they may have created.
    await Promise.race([Promise.allSettled(inflight), new Promise((r) => setTimeout(r, 2_000))]);
    // When the transport probes prove no S3 server could have read a request, there is nothing to sweep.
    // Only transport probes (the Target step's): no S3 request was sent, so nothing may be listed or swept.
    const unreachable = [...selected].every((id) => transportProbes.has(id))
      || results.some((r) => r.status === 'fail' && r.diagnosis && noS3Reached.has(r.diagnosis.code));
    const cleanupSignal = AbortSignal.timeout(opts.cleanupTimeoutMs ?? 10_000);
    const wrote = !ledger.isEmpty && !unreachable;
    // A keyless run wrote nothing and may list nothing: no sweep.
    const sweepProbes = !unreachable && !config.keyless;
    const [ledgerLeft, probesLeft] = await Promise.all([
      wrote ? ledger.sweep(s3, config.bucket, cleanupSignal) : [],
      // Expired `export --client-probe` objects go too, alongside (no extra round trip on the critical path).
      !sweepProbes ? [] : sweepExpiredClientProbes(s3, config, Date.now() + (opts.clockOffsetMs ?? 0), cleanupSignal),
    ]);
    const leftovers = [...ledgerLeft, ...probesLeft];
    // A cut-off write may land after the sweep: look at the run's own prefix once more.
    const cutOff = results.some((r) => r.diagnosis && cutOffCodes.has(r.diagnosis.code));
    if (wrote && cutOff) {
      const late = await sweepRunPrefix(s3, config.bucket, probeKey({ config, runId }, ''), cleanupSignal);
      leftovers.push(...late.filter((l) => !leftovers.includes(l)));
    }
    const probes = results.map(({ blockedBy: _blockedBy, ...probe }) => probe);
    return { probes, totalMs: Math.round(performance.now() - t0), leftovers };
  } finally {
    clearTimeout(deadlineTimer);
    s3.destroy();
  }
}
