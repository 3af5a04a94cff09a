import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCheck } from '../../../electron/cli/commands/check';
import { createBucket, uniqueBucket } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-cli');
const dir = mkdtempSync(join(tmpdir(), 'checks-cli-'));
let configPath: string;

beforeAll(async () => {
  await createBucket(rgw, bucket);
  configPath = join(dir, 'storage.json');
  writeFileSync(configPath, JSON.stringify({ provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, secure: true, ca: rgw.caPem, rootdirectory: '/dtr' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(env: Record<string, string | undefined>) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env } };
}

const goodEnv = () => ({ DTR_S3_ACCESS_KEY: rgw.accessKey, DTR_S3_SECRET_KEY: rgw.secretKey });

describe('check --config FILE [--json] (in process)', () => {
  it('exits 0 when everything passes (a warning counts as a pass) and prints exactly the --json shape', async () => {
    const { out, io } = capture(goodEnv());
    expect(await runCheck({ config: configPath, json: true }, io)).toBe(0);
    const json = JSON.parse(out.stdout) as { probes: Record<string, unknown>[]; totalMs: number };
    expect(Object.keys(json).sort()).toEqual(['probes', 'totalMs']);
    expect(json.probes.map((p) => p.id)).toEqual(['dns', 'tcp', 'tls', 'credentials', 'bucket-region', 'clock', 'missing-key', 'push', 'list', 'pull']);
    for (const p of json.probes) {
      expect(Object.keys(p).every((k) => ['id', 'status', 'durationMs', 'diagnosis'].includes(k))).toBe(true);
      expect(typeof p.durationMs).toBe('number');
    }
    // the test RGW's certificate is 7 days old at most: the tls probe warns, the exit code is still 0
    expect(json.probes.find((p) => p.id === 'tls')?.status).toBe('warn');
  });

  it('exits 1 with the diagnosis and fix in the human report when a probe fails', async () => {
    const { out, io } = capture({ ...goodEnv(), DTR_S3_SECRET_KEY: 'wrong-secret-value' });
    expect(await runCheck({ config: configPath }, io)).toBe(1);
    expect(out.stdout).toMatch(/^FAIL {2}credentials .*\n {6}SIGNATURE_MISMATCH: .*\n {6}fix: Re-enter the secret key/m);
    expect(out.stdout).toMatch(/^SKIP {2}push .*\n {6}skipped: credentials failed/m);
    expect(out.stdout + out.stderr).not.toContain('wrong-secret-value');
  });

  it('exits 2 with the validation messages for an invalid config', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ provider: 's3-compatible', region: rgw.region, bucket: 'Bad_Bucket', regionendpoint: rgw.httpEndpoint, secure: false }));
    const { out, io } = capture(goodEnv());
    expect(await runCheck({ config: bad }, io)).toBe(2);
    expect(out.stderr).toMatch(/^error: \[bucket\] /m);
    expect(out.stdout).toBe('');
  });
});
