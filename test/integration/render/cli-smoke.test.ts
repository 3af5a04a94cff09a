import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * One spawned run of the real bundle: `electron-vite build` into a private directory (so a parallel
 * build or e2e run on out/ is never disturbed) next to a copy of bin/dtr-s3-assistant.js. The build
 * sits under node_modules/.cache so the bundle resolves its dependencies from the project.
 */
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const cacheDir = join(root, 'node_modules', '.cache');
let work: string;
let bin: string;
let configPath: string;

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true });
  work = mkdtempSync(join(cacheDir, 'cli-smoke-'));
  await run('npx', ['electron-vite', 'build', '--outDir', join(work, 'out'), '--logLevel', 'error'], { cwd: root, timeout: 120_000 });
  mkdirSync(join(work, 'bin'));
  bin = join(work, 'bin', 'dtr-s3-assistant.js');
  copyFileSync(join(root, 'bin', 'dtr-s3-assistant.js'), bin);
  configPath = join(work, 'config.json');
  writeFileSync(configPath, JSON.stringify({ provider: 'aws', region: 'eu-central-1', bucket: 'registry-images', rootdirectory: '/dtr' }));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  run('node', [bin, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );

describe('dtr-s3-assistant render (built bundle, spawned)', () => {
  it('renders registry YAML with secrets from the environment', async () => {
    const result = await cli(['render', '--config', configPath, '--format', 'registry-yaml', '--include-secrets'], {
      DTR_S3_ACCESS_KEY: 'AKIDSMOKE',
      DTR_S3_SECRET_KEY: 'smoke-secret',
    });
    expect(result.code).toBe(0);
    expect(parse(result.stdout, { version: '1.1' }).storage.s3).toMatchObject({ accesskey: 'AKIDSMOKE', secretkey: 'smoke-secret', rootdirectory: '/dtr' });
  });
  it('exits 2 with the validation messages on a bad config', async () => {
    writeFileSync(configPath + '.bad', JSON.stringify({ provider: 'aws', region: 'eu-central-1', bucket: 'ab' }));
    const result = await cli(['render', '--config', `${configPath}.bad`, '--format', 'dtr-json']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('error: [bucket] BUCKET_TOO_SHORT: The bucket name is 2 characters long');
  });
  it('exits 2 on bad usage', async () => {
    expect((await cli(['render', '--config', configPath, '--format', 'xml'])).code).toBe(2);
  });
});
