import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runRender, type CliIo, type RenderIo } from '../../../electron/cli/commands/render';
import { buildCli } from '../../../electron/cli/index';

let dir: string;
let good: string;
const secrets = { DTR_S3_ACCESS_KEY: 'AKIDRENDERTEST', DTR_S3_SECRET_KEY: 'render/secret+value' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'render-cli-test-'));
  good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({
    provider: 's3-compatible',
    region: 'us-east-1',
    bucket: 'registry-images',
    regionendpoint: 'https://rgw.example.com:8443',
    forcepathstyle: true,
    skipverify: true,
    rootdirectory: '/dtr',
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(env: CliIo['env'] = {}) {
  const out = { stdout: '', stderr: '' };
  // --config only: a profile is never resolved here
  const io: RenderIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), env, profile: () => Promise.reject(new Error('no profiles in this test')) };
  return { io, out };
}

describe('runRender', () => {
  it('prints the registry YAML, warnings on stderr, exit 0', async () => {
    const { io, out } = capture(secrets);
    expect(await runRender({ config: good, format: 'registry-yaml' }, io)).toBe(0);
    const parsed = parse(out.stdout, { version: '1.1' });
    expect(parsed.storage.s3).toMatchObject({ bucket: 'registry-images', regionendpoint: 'https://rgw.example.com:8443', skipverify: true, rootdirectory: '/dtr' });
    expect(out.stdout).not.toContain(secrets.DTR_S3_SECRET_KEY);
    expect(out.stderr).toContain('warning: [skipverify] SKIPVERIFY_ON');
  });
  it('prints the DTR body', async () => {
    const { io, out } = capture();
    expect(await runRender({ config: good, format: 'dtr-json' }, io)).toBe(0);
    expect(JSON.parse(out.stdout).storage.s3).toMatchObject({ bucket: 'registry-images', forcepathstyle: true });
  });
  it('prints the bare storage map with --dtr-body-shape storage-map', async () => {
    const { io, out } = capture();
    expect(await runRender({ config: good, format: 'dtr-json', dtrBodyShape: 'storage-map' }, io)).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ delete: { enabled: true }, s3: { bucket: 'registry-images' } });
  });
  it('includes secrets from the environment only with --include-secrets', async () => {
    const { io, out } = capture(secrets);
    expect(await runRender({ config: good, format: 'dtr-json', includeSecrets: true }, io)).toBe(0);
    expect(JSON.parse(out.stdout).storage.s3).toMatchObject({ accesskey: secrets.DTR_S3_ACCESS_KEY, secretkey: secrets.DTR_S3_SECRET_KEY });
  });
  it('exits 2 when --include-secrets has no keys to include', async () => {
    const { io, out } = capture({ DTR_S3_ACCESS_KEY: 'AKID' });
    expect(await runRender({ config: good, format: 'registry-yaml', includeSecrets: true }, io)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('CREDENTIALS_MISSING');
  });
  it('exits 2 with every validation message for a bad config', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ provider: 'aws', region: 'mars-1', bucket: 'Bad_Name', v4auth: false, secretkey: 'x' }));
    const { io, out } = capture();
    expect(await runRender({ config: bad, format: 'registry-yaml' }, io)).toBe(2);
    expect(out.stdout).toBe('');
    for (const code of ['SECRET_IN_CONFIG', 'REGION_UNKNOWN', 'BUCKET_UPPERCASE', 'BUCKET_INVALID_CHARACTER', 'V4AUTH_REQUIRED_ON_AWS']) {
      expect(out.stderr).toContain(code);
    }
    expect(out.stderr).toContain('  fix: ');
  });
  it('exits 2 for a missing file and for invalid JSON', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"provider": "aws",}');
    for (const [path, text] of [[join(dir, 'missing.json'), 'does not exist'], [broken, 'line 1, column 20']] as const) {
      const { io, out } = capture();
      expect(await runRender({ config: path, format: 'dtr-json' }, io)).toBe(2);
      expect(out.stderr).toContain(text);
    }
  });
});

describe('render through the command line parser', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  const run = async (...args: string[]) => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    let code: number | undefined;
    try {
      await buildCli().parseAsync(['node', 'dtr-s3-assistant', ...args]);
      code = Number(process.exitCode ?? 0);
    } catch (error) {
      code = Number(/^exit (\d+)$/.exec((error as Error).message)?.[1] ?? NaN);
    }
    return { code, stdout, exited: exit.mock.calls.length > 0 };
  };
  it('renders with exit 0', async () => {
    const { code, stdout } = await run('render', '--config', good, '--format', 'registry-yaml');
    expect(code).toBe(0);
    expect(stdout).toContain('storage:');
  });
  it('rejects an unknown format as bad usage (exit 2)', async () => {
    expect(await run('render', '--config', good, '--format', 'toml')).toMatchObject({ code: 2, exited: true });
  });
  it('requires --config and --format (exit 2)', async () => {
    expect((await run('render', '--format', 'dtr-json')).code).toBe(2);
    expect((await run('render', '--config', good)).code).toBe(2);
  });
});
