import { AppError } from '../app-error';
import { s3KeyForPath } from '../validation/root-directory';

/**
 * The client probe (`export --client-probe`): one small object under the root directory and a presigned
 * GET for it, so verify-client can fetch exactly what a pulling Docker client fetches after the 307.
 * The key carries its own expiry, so a later `check` can remove the probes whose URL no longer works
 * without any state outside the bucket. Both sides (export and check) use these rules.
 */
export const clientProbeDirName = 'dtr-s3-assistant-client-probe';

/** SigV4 presigned URLs live at most 7 days (604800 s). */
export const clientProbeMaxTtlSeconds = 7 * 24 * 3600;

export interface ClientProbeInfo {
  key: string;
  /** Seconds since the epoch after which the presigned URL no longer works. */
  expiresAt: number;
  id: string;
}

/** Every client probe lives under this prefix: "<root>/dtr-s3-assistant-client-probe/". */
export function clientProbeKeyPrefix(rootdirectory: string): string {
  return s3KeyForPath(rootdirectory, `/${clientProbeDirName}/`);
}

/** "<prefix><expiresAt>-<id>"; the id is [a-z0-9]+ (a random suffix, so probes never collide). */
export function clientProbeKey(rootdirectory: string, expiresAt: number, id: string): string {
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || !/^[a-z0-9]{1,64}$/.test(id)) {
    throw new AppError({ code: 'CLIENT_PROBE_BAD_KEY', message: 'A client probe key needs a whole expiry time and a lowercase [a-z0-9] id.' });
  }
  return `${clientProbeKeyPrefix(rootdirectory)}${expiresAt}-${id}`;
}

/** The probe a key names, or undefined for anything else found under the prefix (left alone). */
export function parseClientProbeKey(rootdirectory: string, key: string): ClientProbeInfo | undefined {
  const prefix = clientProbeKeyPrefix(rootdirectory);
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(\d{1,15})-([a-z0-9]{1,64})$/.exec(key.slice(prefix.length));
  if (!match) return undefined;
  return { key, expiresAt: Number(match[1]), id: match[2] as string };
}

/** True once the probe's presigned URL has expired: only then may a check delete the object. */
export function isExpiredClientProbe(rootdirectory: string, key: string, nowMs: number): boolean {
  const probe = parseClientProbeKey(rootdirectory, key);
  return probe !== undefined && probe.expiresAt * 1000 < nowMs;
}

/** The object's exact content; verify-client compares the download with it. */
export function clientProbeBody(id: string): string {
  return `dtr-s3-assistant client probe ${id}\n`;
}

const ttlUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "7d", "12h", "30m", "90s" or plain seconds → seconds, between 1 s and 7 days. */
export function parseClientProbeTtl(text: string): number {
  const match = /^\s*(\d{1,7})\s*([smhd]?)\s*$/i.exec(text);
  const seconds = match ? Number(match[1]) * (ttlUnits[(match[2] || 's').toLowerCase()] ?? 1) : NaN;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > clientProbeMaxTtlSeconds) {
    throw new AppError({
      code: 'CLIENT_PROBE_BAD_TTL',
      message: `"${text.slice(0, 40)}" is not a validity between 1 second and 7 days.`,
      fix: 'Give a duration such as 7d, 24h, 30m or 600s (a presigned URL cannot live longer than 7 days).',
    });
  }
  return seconds;
}
