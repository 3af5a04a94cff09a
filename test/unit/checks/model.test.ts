import { describe, expect, it } from 'vitest';
import { checkRunPassed, probeBlockers, probeIds, summarizeCheckRun, type CheckRunResult } from '../../../shared/checks';
import { storageConfigSchema } from '../../../shared/storage-config';
import { keyUnderRoot, resolveTarget } from '../../../electron/services/checks/target';

const config = (o: Record<string, unknown>) => storageConfigSchema.parse({ provider: 'aws', region: 'eu-central-1', bucket: 'dtr-images', ...o });

describe('the probe dependency graph', () => {
  it('every probe rests on the transport chain, the driver replays on the credentials, and nothing on bucket-region', () => {
    expect(probeBlockers('dns')).toEqual([]);
    expect(probeBlockers('tls')).toEqual(['tcp', 'dns']);
    for (const id of ['missing-key', 'push', 'list', 'pull'] as const) {
      expect(probeBlockers(id)).toEqual(['credentials', 'clock', 'tls', 'tcp', 'dns']);
    }
    // The registry never calls HeadBucket or GetBucketLocation: that probe is advice, never a gate.
    for (const id of probeIds) expect(probeBlockers(id)).not.toContain('bucket-region');
    for (const id of probeIds) expect(probeBlockers(id)).not.toContain(id);
  });

  it('a warning still passes; a failure or an uncleaned leftover does not', () => {
    const run = (statuses: ('pass' | 'warn' | 'fail' | 'skipped')[], leftovers: string[] = []): CheckRunResult => ({
      probes: statuses.map((status, i) => ({ id: probeIds[i] ?? 'dns', title: '', status, durationMs: 1, evidence: {} })),
      totalMs: 5,
      leftovers,
    });
    expect(checkRunPassed(run(['pass', 'warn']))).toBe(true);
    expect(checkRunPassed(run(['pass', 'fail', 'skipped']))).toBe(false);
    expect(checkRunPassed(run(['pass'], ['object x']))).toBe(false);
    expect(summarizeCheckRun(run(['warn']))).toEqual({ probes: [{ id: 'dns', status: 'warn', durationMs: 1 }], totalMs: 5 });
  });
});

describe('resolveTarget mirrors the SDK\'s addressing rules', () => {
  it.each([
    [{}, 's3.eu-central-1.amazonaws.com', 'dtr-images.s3.eu-central-1.amazonaws.com', 443, true],
    [{ region: 'cn-north-1' }, 's3.cn-north-1.amazonaws.com.cn', 'dtr-images.s3.cn-north-1.amazonaws.com.cn', 443, true],
    [{ forcepathstyle: true }, 's3.eu-central-1.amazonaws.com', 's3.eu-central-1.amazonaws.com', 443, false],
    [{ bucket: 'dtr.images' }, 's3.eu-central-1.amazonaws.com', 's3.eu-central-1.amazonaws.com', 443, false],
    [{ bucket: 'dtr.images', secure: false }, 's3.eu-central-1.amazonaws.com', 'dtr.images.s3.eu-central-1.amazonaws.com', 80, true],
    [{ provider: 's3-compatible', regionendpoint: 'https://minio.lan:9000' }, 'minio.lan', 'dtr-images.minio.lan', 9000, true],
    [{ provider: 's3-compatible', regionendpoint: 'http://10.0.0.5:7480' }, '10.0.0.5', '10.0.0.5', 7480, false],
    [{ provider: 's3-compatible', regionendpoint: 'https://[::1]:7443' }, '::1', '::1', 7443, false],
  ])('%o → %s / %s:%i', (overrides, host, connectHost, port, virtualHost) => {
    const t = resolveTarget(config(overrides));
    expect([t.host, t.connectHost, t.port, t.virtualHost]).toEqual([host, connectHost, port, virtualHost]);
  });

  it('the endpoint URL scheme wins over `secure` (as in the SDK)', () => {
    expect(resolveTarget(config({ provider: 's3-compatible', regionendpoint: 'http://rgw:80', secure: true })).scheme).toBe('http');
  });

  it('probe keys live under the root directory the way the driver builds keys', () => {
    expect(keyUnderRoot('', 'p/o')).toBe('p/o');
    expect(keyUnderRoot('/', 'p/o')).toBe('p/o');
    expect(keyUnderRoot('/dtr/', 'p/o')).toBe('dtr/p/o');
    expect(keyUnderRoot('a/b', 'p/o')).toBe('a/b/p/o');
  });
});
