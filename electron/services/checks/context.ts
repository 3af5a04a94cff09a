import type { S3Client } from '@aws-sdk/client-s3';
import type { Diagnosis, DriverVersion, Evidence, ProbeId, ProbeStatus } from '../../../shared/checks';
import type { ClientTrust } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import type { CleanupLedger } from './cleanup';
import { keyUnderRoot, type ProbeTarget } from './target';

/** Everything a probe may use. One S3 client is shared, so connections are reused across probes. */
export interface ProbeContext {
  config: StorageConfig;
  target: ProbeTarget;
  s3: S3Client;
  /** Aborted when this probe times out, the run's deadline passes, or the caller cancels. */
  signal: AbortSignal;
  timeoutMs: number;
  ledger: CleanupLedger;
  /** Unique per run: probe keys are `<rootdirectory>/dtr-s3-assistant-probe/<runId>/...`. */
  runId: string;
  /** This client's notion of "now" (the real clock plus any configured offset), in ms since the epoch. */
  now(): number;
  /** Whose S3 calls are replayed where 2.8 and v3 differ. */
  driver: DriverVersion;
  /** How Docker clients will trust the storage endpoint (the pull probe models exactly that client). */
  clientTrust: ClientTrust;
}

/** Every probe object of a run lives under `<rootdirectory>/dtr-s3-assistant-probe/<runId>/`, so a scoped policy is exercised. */
export const probeKey = (ctx: Pick<ProbeContext, 'config' | 'runId'>, name: string): string =>
  keyUnderRoot(ctx.config.rootdirectory, `dtr-s3-assistant-probe/${ctx.runId}/${name}`);

export interface ProbeOutcome {
  status: ProbeStatus;
  evidence: Evidence;
  diagnosis?: Diagnosis;
}

export interface ProbeDefinition {
  id: ProbeId;
  run(ctx: ProbeContext): Promise<ProbeOutcome>;
}

/** Thrown by a probe to fail with a precise diagnosis and the evidence gathered so far. */
export class ProbeFailure extends Error {
  constructor(
    readonly diagnosis: Diagnosis,
    readonly evidence: Evidence = {},
    /** The request created nothing: the server answered with an error, or it never got the request (refused, TLS rejected...). */
    readonly createdNothing = false,
  ) {
    super(diagnosis.message);
    this.name = 'ProbeFailure';
  }
}

export const pass = (evidence: Evidence): ProbeOutcome => ({ status: 'pass', evidence });
export const warn = (evidence: Evidence, diagnosis: Diagnosis): ProbeOutcome => ({ status: 'warn', evidence, diagnosis });

/**
 * Promise.all that waits for every call to settle before it throws the first failure (in argument
 * order): a call still in flight could otherwise create an object after the cleanup sweep has run.
 */
export async function settleAll<T extends unknown[]>(calls: [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(calls as readonly Promise<unknown>[]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}
