import { z } from 'zod';
import { driverVersions } from './choices';
import { problemSchema } from './error-codes';

/**
 * The connectivity-check model: ten named probes, each with a status, a duration, evidence and, when
 * something is wrong, a diagnosis. The runner (electron/services/checks), the CLI, IPC and the wizard
 * all speak this shape. The S3 probes replay the Distribution S3 driver's own calls (domain.md "What
 * the driver calls, exactly"); calls the registry never makes (HeadBucket, GetBucketLocation,
 * ListBuckets) only give advice and never block another probe.
 */
export const probeIds = [
  'dns',
  'tcp',
  'tls',
  'credentials',
  'bucket-region',
  'clock',
  'missing-key',
  'push',
  'list',
  'pull',
] as const;
export const probeIdSchema = z.enum(probeIds);
export type ProbeId = z.infer<typeof probeIdSchema>;

export const probeTitles: Record<ProbeId, string> = {
  dns: 'DNS resolves the endpoint',
  tcp: 'TCP connection to the endpoint',
  tls: 'TLS handshake and certificate',
  credentials: 'Credentials are accepted',
  'bucket-region': 'Bucket exists in the configured region',
  clock: 'Clock skew against the server',
  'missing-key': 'A missing key answers 404 (every push starts with one)',
  push: 'Push as the registry does: put, multipart writer, move, delete',
  list: 'Stat, list and walk under the root directory as the registry does',
  pull: 'Pull redirect: presigned GET and HEAD as a Docker client trusts them',
};

/**
 * Which probes a probe's verdict rests on. When one of these fails, its own result says nothing new
 * (a refused connection also breaks every S3 call), so it is reported as skipped, blocked by the first
 * failed one. The runner starts probes speculatively and applies this afterwards.
 */
export const probeDependencies: Record<ProbeId, readonly ProbeId[]> = {
  dns: [],
  tcp: ['dns'],
  tls: ['tcp'],
  clock: ['tls'],
  credentials: ['clock'],
  // Advisory (the registry never calls HeadBucket or GetBucketLocation): nothing rests on it.
  'bucket-region': ['credentials'],
  'missing-key': ['credentials'],
  push: ['credentials'],
  list: ['credentials'],
  pull: ['credentials'],
};

/**
 * Which Distribution S3 driver's calls the probes replay: 2.8 (DTR and MSR 2.x, the default) or v3,
 * where they differ (Stat = HeadObject then ListObjectsV2; List and Delete list with ListObjectsV2).
 */
export { driverVersions };
export const driverVersionSchema = z.enum(driverVersions);
export type DriverVersion = z.infer<typeof driverVersionSchema>;

/** All probes `id` rests on, nearest first (transitive closure of probeDependencies). */
export function probeBlockers(id: ProbeId): ProbeId[] {
  const out: ProbeId[] = [];
  const queue = [...probeDependencies[id]];
  while (queue.length) {
    const next = queue.shift() as ProbeId;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...probeDependencies[next]);
  }
  return out;
}

export const probeStatusSchema = z.enum(['pass', 'warn', 'fail', 'skipped']);
export type ProbeStatus = z.infer<typeof probeStatusSchema>;

/** A probe's diagnosis: the one problem shape (shared/error-codes.ts), always with a fix. */
export const diagnosisSchema = problemSchema.extend({ fix: z.string() });
export type Diagnosis = z.infer<typeof diagnosisSchema>;

const evidenceValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  z.array(z.record(z.string(), z.unknown())),
  z.record(z.string(), z.unknown()),
]);
export const evidenceSchema = z.record(z.string(), evidenceValueSchema);
export type Evidence = z.infer<typeof evidenceSchema>;

export const probeResultSchema = z.object({
  id: probeIdSchema,
  title: z.string(),
  status: probeStatusSchema,
  durationMs: z.number().nonnegative(),
  evidence: evidenceSchema,
  diagnosis: diagnosisSchema.optional(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

export const checkRunResultSchema = z.object({
  probes: z.array(probeResultSchema),
  totalMs: z.number().nonnegative(),
  /** Probe objects or multipart uploads the final sweep could NOT remove (empty when all is clean). */
  leftovers: z.array(z.string()).default([]),
});
export type CheckRunResult = z.infer<typeof checkRunResultSchema>;

/** A warning is still a pass; only `fail` fails the run. */
export const checkRunPassed = (result: CheckRunResult): boolean =>
  result.probes.every((probe) => probe.status !== 'fail') && result.leftovers.length === 0;

/** The stable machine-readable summary (`check --json`). */
export function summarizeCheckRun(result: CheckRunResult): {
  probes: { id: ProbeId; status: ProbeStatus; durationMs: number; diagnosis?: Diagnosis }[];
  totalMs: number;
} {
  return {
    probes: result.probes.map(({ id, status, durationMs, diagnosis }) => ({
      id,
      status,
      durationMs,
      ...(diagnosis ? { diagnosis } : {}),
    })),
    totalMs: result.totalMs,
  };
}
