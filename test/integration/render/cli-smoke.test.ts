import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCliBundle, type BuiltCli } from '../../services/built-cli';

/** One spawned run of the real bundle (built privately by buildCliBundle, started through bin/). */
let built: BuiltCli;
let configPath: string;

beforeAll(async () => {
  built = await buildCliBundle('cli-smoke');
  configPath = join(built.work, 'config.json');
  writeFileSync(configPath, JSON.stringify({ provider: 'aws', region: 'eu-central-1', bucket: 'registry-images', rootdirectory: '/dtr' }));
}, 180_000);
afterAll(() => built?.remove());

const cli = (args: string[], env: Record<string, string> = {}) => built.cli(args, env);

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
