import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { probeIds, probeTitles, type ProbeResult } from '../../../shared/checks';
import { ec2TrustPolicy, imdsFixCommand, instanceProfileScript, keylessBundleFiles, keylessNotVerified, keylessRunnableProbes, KEYLESS_ROLE_NAME } from '../../../shared/keyless';
import { driverParameters } from '../../../shared/render/driver-parameters';
import { dtrStorageSection, renderDtrJson } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { storageConfigSchema } from '../../../shared/storage-config';
import { validateStorageConfig } from '../../../shared/validation';
import { validStorageConfigSchema } from '../../../shared/validation/config-schema';
import { checksPassed, summarizeChecks } from '../../../shared/wizard/check-results';
import { recheckRunFromResult } from '../../../shared/profile';

const keyless = storageConfigSchema.parse({ provider: 'aws', region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: 'dtr', keyless: true });
const keys = { accessKeyId: 'AKIDNOTTHEREGISTRYS', secretAccessKey: 'not/the+registry' };

describe('a keyless config renders empty keys (DTR body, registry YAML)', () => {
  it('accesskey and secretkey are present and empty, even when keys and includeSecrets are passed', () => {
    for (const options of [{}, { credentials: keys, includeSecrets: true }]) {
      const params = driverParameters(keyless, options);
      expect([params.accesskey, params.secretkey]).toEqual(['', '']);
      for (const shape of ['storage-wrapped', 'storage-map'] as const) {
        const body = JSON.parse(renderDtrJson(keyless, { ...options, shape })) as { storage?: { s3: object }; s3?: object };
        expect(body.storage?.s3 ?? body.s3).toMatchObject({ accesskey: '', secretkey: '', region: 'eu-west-1', bucket: 'dtr-images' });
        expect(JSON.stringify(body)).not.toContain(keys.secretAccessKey);
      }
      const yaml = renderRegistryYaml(keyless, options);
      expect(parse(yaml, { version: '1.1' }).storage.s3).toMatchObject({ accesskey: '', secretkey: '', rootdirectory: '/dtr' });
      expect(yaml).toContain('HttpTokens=optional');
      expect(yaml).not.toContain(keys.accessKeyId);
    }
  });

  it('a config with a key still leaves keys out unless asked (unchanged)', () => {
    const keyed = { ...keyless, keyless: false };
    expect(Object.keys(dtrStorageSection(keyed).s3)).not.toContain('accesskey');
    expect(driverParameters(keyed, { credentials: keys, includeSecrets: true }).accesskey).toBe(keys.accessKeyId);
  });
});

describe('the keyless rule (shared/validation → every door)', () => {
  it('is an error with an S3-compatible service, a warning (IMDSv1) on AWS', () => {
    const compatible = { ...keyless, provider: 's3-compatible' as const, regionendpoint: 'https://s3.example.com', forcepathstyle: true };
    expect(validateStorageConfig(compatible).errors.map((e) => [e.field, e.code])).toEqual([['keyless', 'KEYLESS_NOT_AWS']]);
    expect(validStorageConfigSchema.safeParse(compatible).success).toBe(false);
    const onAws = validateStorageConfig(keyless);
    expect(onAws.errors).toEqual([]);
    expect(onAws.warnings.find((w) => w.field === 'keyless')).toMatchObject({ code: 'KEYLESS_IMDSV1_REQUIRED', fix: expect.stringContaining(imdsFixCommand()) });
    expect(imdsFixCommand()).toBe('aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens optional --http-put-response-hop-limit 2');
  });

  it('a missing field means a keyed registry (old config files and profiles)', () => {
    expect(storageConfigSchema.parse({ provider: 'aws', region: 'eu-west-1', bucket: 'b' }).keyless).toBe(false);
  });
});

describe('validation results with no registry key: nothing green that did not run', () => {
  const ran = (id: (typeof probeIds)[number]): ProbeResult => ({ id, title: probeTitles[id], status: 'pass', durationMs: 5, evidence: {} });
  const results = probeIds.map((id) => (keylessRunnableProbes.includes(id) ? ran(id) : keylessNotVerified(id, probeTitles[id])));

  it('each probe that acts as the registry is skipped, says what it did not verify, and the summary counts them apart', () => {
    expect(keylessRunnableProbes).toEqual(['dns', 'tcp', 'tls', 'clock']);
    const notVerified = results.filter((r) => r.status === 'skipped');
    expect(notVerified.map((r) => [r.id, r.diagnosis?.code])).toEqual([
      ['credentials', 'KEYLESS_IMDSV1_REQUIRED'], ['bucket-region', 'KEYLESS_NOT_VERIFIED'], ['missing-key', 'KEYLESS_NOT_VERIFIED'],
      ['push', 'KEYLESS_NOT_VERIFIED'], ['list', 'KEYLESS_NOT_VERIFIED'], ['pull', 'KEYLESS_NOT_VERIFIED'],
    ]);
    expect(results.find((r) => r.id === 'push')?.diagnosis?.message).toMatch(/^Not verified from here: .*put, upload in parts, copy and delete/);
    const kept = { results, leftovers: [] };
    expect(checksPassed(kept)).toBe(true);
    // In a profile's history such a run is a warning, never a plain pass.
    expect(recheckRunFromResult({ probes: results, totalMs: 40, leftovers: [] }, new Date()).status).toBe('warn');
    expect(summarizeChecks(kept)).toBe(
      '4 passed, 6 not verified (no registry key) — the storage is reachable from here, but what the registry\'s IAM role may do was not verified: push and pull through DTR once the role is attached. Next is open.',
    );
  });
});

describe('the role: trust policy and the attach script (bash, every value quoted)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyless-script-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('EC2 may assume the role', () => {
    expect(ec2TrustPolicy().Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
  });

  it('passes each value to aws as one word, whatever it holds, and refuses what is not an instance id', () => {
    const hostile = "eu-west-1'; touch pwned; echo '";
    const script = instanceProfileScript({ region: hostile }, { policyFile: 'iam-policy.json', trustPolicyFile: keylessBundleFiles.trustPolicy });
    execFileSync('bash', ['-n'], { input: script });
    // A recorder on PATH in place of the aws CLI: it writes each argv, one word per line, and answers get-* with "not found".
    const bin = join(dir, 'bin');
    mkdirSync(join(dir, 'iam'), { recursive: true });
    mkdirSync(bin);
    writeFileSync(join(bin, 'aws'), '#!/usr/bin/env bash\nprintf "%s\\n" "$@" "--" >> "$AWS_LOG"\n[[ "$2" == get-* ]] && exit 254\nexit 0\n');
    chmodSync(join(bin, 'aws'), 0o755);
    writeFileSync(join(dir, keylessBundleFiles.script), script);
    const log = join(dir, 'aws.log');
    const env = { PATH: `${bin}:/usr/bin:/bin`, AWS_LOG: log };
    const ok = spawnSync('bash', [join(dir, keylessBundleFiles.script), 'i-0123456789abcdef0'], { env, cwd: tmpdir(), encoding: 'utf8' });
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    const calls = readFileSync(log, 'utf8').split('--\n').filter(Boolean).map((c) => c.trimEnd().split('\n'));
    expect(calls.map((c) => c.slice(0, 2).join(' '))).toEqual([
      'iam get-role', 'iam create-role', 'iam put-role-policy', 'iam get-instance-profile', 'iam create-instance-profile',
      'iam add-role-to-instance-profile', 'ec2 associate-iam-instance-profile', 'ec2 modify-instance-metadata-options',
    ]);
    expect(calls[1]).toEqual(['iam', 'create-role', '--role-name', KEYLESS_ROLE_NAME, '--assume-role-policy-document', `file://${keylessBundleFiles.trustPolicy}`]);
    expect(calls[7]).toEqual(['ec2', 'modify-instance-metadata-options', '--region', hostile, '--instance-id', 'i-0123456789abcdef0', '--http-tokens', 'optional', '--http-put-response-hop-limit', '2']);
    const bad = spawnSync('bash', [join(dir, keylessBundleFiles.script), 'i-1; rm -rf /'], { env, encoding: 'utf8' });
    expect([bad.status, bad.stderr]).toEqual([2, 'not an EC2 instance id: i-1; rm -rf /\n']);
  });
});
