import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveCheckInputs } from '../../../electron/cli/commands/check';
import { runExport, type ExportIo } from '../../../electron/cli/commands/export';
import { runRender, type RenderIo } from '../../../electron/cli/commands/render';
import { buildBundleContent } from '../../../electron/services/export/bundle-content';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { exportBundle } from '../../../electron/services/export/write-bundle';
import { imdsFixCommand, keylessBundleFiles } from '../../../shared/keyless';
import { storageConfigSchema } from '../../../shared/storage-config';

/** The keyless rule where data enters: CLI check and render with a config file, the bundle service (IPC and CLI export). */
const work = mkdtempSync(join(tmpdir(), 'keyless-doors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const configFile = join(work, 'keyless.json');
writeFileSync(configFile, JSON.stringify({ provider: 'aws', region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: '/dtr', keyless: true }));
const keys = { DTR_S3_ACCESS_KEY: 'AKIDSOMEONEELSE', DTR_S3_SECRET_KEY: 'someone/else' };
const config = storageConfigSchema.parse({ provider: 'aws', region: 'eu-west-1', bucket: 'dtr-images', keyless: true });

function io(env: RenderIo['env'] = {}) {
  const out = { stdout: '', stderr: '' };
  const door: RenderIo & ExportIo = {
    stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), env,
    profile: () => Promise.reject(new Error('no profiles here')), services: () => Promise.reject(new Error('no profiles here')),
  };
  return { door, out };
}

describe('CLI with a keyless config file', () => {
  it('render prints empty keys and the IMDSv1 warning; --include-secrets is refused (exit 2)', async () => {
    const plain = io(keys);
    expect(await runRender({ config: configFile, format: 'registry-yaml' }, plain.door)).toBe(0);
    expect(parse(plain.out.stdout, { version: '1.1' }).storage.s3).toMatchObject({ accesskey: '', secretkey: '' });
    expect(plain.out.stdout).not.toContain(keys.DTR_S3_ACCESS_KEY);
    expect(plain.out.stderr).toContain(imdsFixCommand());
    const secret = io(keys);
    expect(await runRender({ config: configFile, format: 'dtr-json', includeSecrets: true }, secret.door)).toBe(2);
    expect(secret.out.stderr).toContain('KEYLESS_KEYS_GIVEN');
    expect(secret.out.stdout).toBe('');
  });

  it('check refuses keys from the environment (they are not the registry\'s) and says what it will check without them', async () => {
    const withKeys = await resolveCheckInputs({ config: configFile }, keys);
    expect(withKeys.ok ? [] : withKeys.errors.map((e) => e.code)).toEqual(['KEYLESS_KEYS_GIVEN']);
    const without = await resolveCheckInputs({ config: configFile }, {});
    expect(without).toMatchObject({ ok: true, notes: [expect.stringContaining('only DNS, TCP, TLS and the clock')] });
    expect(without.ok && without.credentials).toBeFalsy();
  });
});

describe('IPC door', () => {
  it('checks.run refuses a keyless config for an S3-compatible service before any service runs', async () => {
    const request = {
      config: { ...config, provider: 's3-compatible', regionendpoint: 'https://127.0.0.1:9', forcepathstyle: true },
      owner: '@wizard-draft', role: 'registry',
    };
    const outcome = await dispatch(createHandlerTable(), 'checks.run', request, { emitProgress: () => undefined, signal: new AbortController().signal });
    expect(outcome.ok ? 'ran' : JSON.stringify(outcome.error)).toMatch(/^{"code":"INVALID_REQUEST",.*config.keyless: KEYLESS_NOT_AWS/);
  });
});

describe('the bundle of a keyless registry', () => {
  it('holds the role\'s trust policy and the attach script, says IMDSv1 and "not proven", and no secret', () => {
    const { files } = buildBundleContent({ config, source: 'a test', clientTrust: { dtrHost: 'dtr.example.com', mode: 'ca' } });
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(JSON.parse(byPath.get(keylessBundleFiles.trustPolicy)?.content ?? '{}')).toMatchObject({ Statement: [{ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(byPath.get(keylessBundleFiles.script)).toMatchObject({ executable: true, secret: false });
    expect(JSON.parse(byPath.get('dtr-storage.json')?.content ?? '{}').storage.s3).toMatchObject({ accesskey: '', secretkey: '' });
    const readme = byPath.get('README.md')?.content ?? '';
    expect(readme).toContain('**Warning: IMDSv1 required.**');
    expect(readme).toContain(imdsFixCommand());
    expect(readme).toContain('**Not proven end to end.**');
    expect(readme).toContain(`bash ${keylessBundleFiles.script} i-0123456789abcdef0`);
    expect(files.some((f) => f.secret)).toBe(false);
  });

  it('keys are refused at the service (IPC export) and at the CLI door, and nothing is written', async () => {
    const out = join(work, 'svc');
    await expect(exportBundle({ out, config, source: 'a test', includeSecrets: true })).rejects.toMatchObject({ code: 'KEYLESS_KEYS_GIVEN' });
    expect(existsSync(out)).toBe(false);
    const cli = io(keys);
    expect(await runExport({ config: configFile, out: join(work, 'cli'), includeSecrets: true }, cli.door)).toBe(2);
    expect(cli.out.stderr).toContain('KEYLESS_KEYS_GIVEN');
    expect(existsSync(join(work, 'cli'))).toBe(false);
    const written = io();
    expect(await runExport({ config: configFile, out: join(work, 'ok'), dtrHost: 'dtr.example.com' }, written.door)).toBe(0);
    expect(statSync(join(work, 'ok', keylessBundleFiles.script)).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(work, 'ok', 'MANIFEST'), 'utf8')).toContain(keylessBundleFiles.trustPolicy);
  });
});
