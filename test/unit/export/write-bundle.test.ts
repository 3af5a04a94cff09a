import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract';
import { storageConfigSchema } from '../../../shared/storage-config';
import { exportBundle } from '../../../electron/services/export/write-bundle';
import { realCaPem } from '../real-ca';

const work = mkdtempSync(join(tmpdir(), 'export-unit-'));
afterAll(() => (process.env.KEEP_EXPORT ? undefined : rmSync(work, { recursive: true, force: true })));

const STORAGE_CA = realCaPem(work, 'export-storage-ca');
const config = storageConfigSchema.parse({
  provider: 's3-compatible',
  region: 'us-east-1',
  bucket: 'dtr-images',
  rootdirectory: '/dtr',
  regionendpoint: 'https://s3.internal.example:9000',
  forcepathstyle: true,
  ca: STORAGE_CA,
});
const credentials = { accessKeyId: 'AKIAEXPORTTEST', secretAccessKey: 'export-secret-value-123' };
const base = { config, credentials, source: 'a unit test', clientTrust: { dtrHost: 'dtr.example.com:4443', mode: 'ca' as const } };

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('exportBundle as a folder', () => {
  it('writes every part, without secrets by default, and a MANIFEST that sha256sum accepts', async () => {
    const out = join(work, 'plain');
    const events: ProgressEvent[] = [];
    const result = await exportBundle({ ...base, out, onProgress: (e) => events.push(e) });
    expect(listFiles(out)).toEqual([
      'MANIFEST',
      'README.md',
      'ansible/bundle-vars.yml',
      'ansible/inventory.example.yml',
      'ansible/playbook.yml',
      'docker/certs.d/dtr.example.com:4443/storage-ca.crt',
      'dtr-storage.json',
      'iam-policy.json',
      'registry-config.yml',
      'registry/storage-ca.crt',
      'scripts/install-debian.sh',
      'scripts/install-macos.sh',
      'scripts/install-rhel.sh',
      'scripts/install-windows.ps1',
      'scripts/verify-client.ps1',
      'scripts/verify-client.sh',
      'trust/storage-ca.crt',
    ]);
    for (const f of listFiles(out)) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).not.toContain(credentials.secretAccessKey);
      expect(text, f).not.toContain(credentials.accessKeyId);
    }
    expect(result.containsSecrets).toBe(false);
    const check = spawnSync('sha256sum', ['--strict', '-c', 'MANIFEST'], { cwd: out, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(16);
    expect(statSync(join(out, 'scripts/install-debian.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'dtr-storage.json')).mode & 0o777).toBe(0o644);
    // The two renderings agree, and the README walks through the steps in order.
    const yaml = parse(readFileSync(join(out, 'registry-config.yml'), 'utf8'), { version: '1.1' });
    const json = JSON.parse(readFileSync(join(out, 'dtr-storage.json'), 'utf8'));
    // except the chunk size: DTR's body leaves its default out (a JSON number would reach the registry as a float)
    const { chunksize, ...yamlKeys } = yaml.storage.s3;
    expect(chunksize).toBe(10485760);
    expect(yamlKeys).toEqual(json.storage.s3);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const order = ['### 1.', '### 2.', '### 3.', '### 4.', '### 5.'].map((h) => readme.indexOf(h));
    expect(order.every((p, i) => p > 0 && (i === 0 || p > (order[i - 1] as number)))).toBe(true);
    expect(readme).toContain('/etc/docker/certs.d/dtr.example.com:4443/storage-ca.crt');
    expect(readme).toContain('certs.d\\dtr.example.com4443\\storage-ca.crt');
    expect(events.map((e) => `${e.step}:${e.status}`)).toEqual(['render:running', 'render:pass', 'write:running', 'write:pass', 'export:done']);
  });

  it('with the explicit opt-in: keys inside, those files 0600, and a warning everywhere', async () => {
    const out = join(work, 'secret');
    const events: ProgressEvent[] = [];
    const result = await exportBundle({ ...base, out, includeSecrets: true, onProgress: (e) => events.push(e) });
    expect(result.containsSecrets).toBe(true);
    expect(result.files.filter((f) => f.secret).map((f) => f.path).sort()).toEqual(['dtr-storage.json', 'registry-config.yml']);
    for (const f of ['dtr-storage.json', 'registry-config.yml']) {
      expect(readFileSync(join(out, f), 'utf8')).toContain(credentials.secretAccessKey);
      expect(statSync(join(out, f)).mode & 0o777, f).toBe(0o600);
    }
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(statSync(join(out, 'iam-policy.json')).mode & 0o777).toBe(0o644);
    expect(result.warnings.join(' ')).toMatch(/secret key/);
    expect(events.some((e) => e.status === 'warn' && /secret key/.test(e.message ?? ''))).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/Warning: secrets inside/);
  });

  it('disable-redirect: the registry config turns redirects off and clients get no storage CA', async () => {
    const out = join(work, 'noredirect');
    await exportBundle({ ...base, out, clientTrust: { dtrHost: 'dtr.example.com', mode: 'disable-redirect' } });
    const yaml = parse(readFileSync(join(out, 'registry-config.yml'), 'utf8'), { version: '1.1' });
    expect(yaml.storage.redirect).toEqual({ disable: true });
    expect(JSON.parse(readFileSync(join(out, 'dtr-storage.json'), 'utf8')).storage.redirect).toEqual({ disable: true });
    expect(listFiles(out).filter((f) => f.startsWith('docker/') || f.startsWith('trust/'))).toEqual([]);
    // ...but the registry process itself still needs the storage CA.
    expect(readFileSync(join(out, 'registry/storage-ca.crt'), 'utf8')).toBe(`${STORAGE_CA}\n`);
  });

  it('insecure-registry: docker/daemon.json names DTR without the default port', async () => {
    const out = join(work, 'insecure');
    await exportBundle({ ...base, out, clientTrust: { dtrHost: 'dtr.example.com:443', mode: 'insecure-registry' } });
    expect(JSON.parse(readFileSync(join(out, 'docker/daemon.json'), 'utf8'))).toEqual({ 'insecure-registries': ['dtr.example.com'] });
  });

  it('never overwrites, and a missing DTR host leaves client trust out with a warning', async () => {
    const out = join(work, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    await expect(exportBundle({ ...base, out })).rejects.toMatchObject({ code: 'EXPORT_TARGET_EXISTS' });
    expect(readdirSync(out)).toEqual(['keep.txt']);
    const partial = await exportBundle({ ...base, clientTrust: undefined, out: join(work, 'nohost') });
    expect(partial.warnings.join(' ')).toMatch(/No DTR host/);
    expect(partial.files.some((f) => f.path.startsWith('scripts/'))).toBe(false);
  });

  it('a cancelled export leaves nothing behind', async () => {
    const controller = new AbortController();
    controller.abort();
    const out = join(work, 'cancelled');
    await expect(exportBundle({ ...base, out, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(readdirSync(work).filter((n) => n.includes('cancelled'))).toEqual([]);
  });
});

describe('exportBundle as a zip', () => {
  it('holds the same files with their Unix modes (0600 on secrets), and the MANIFEST checks out after extraction', async () => {
    const out = join(work, 'bundle.zip');
    const result = await exportBundle({ ...base, out, zip: true, includeSecrets: true });
    expect(result.format).toBe('zip');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const entries = unzipSync(readFileSync(out));
    expect(Object.keys(entries).sort()).toEqual(result.files.map((f) => f.path).sort());
    expect(strFromU8(entries['MANIFEST'] as Uint8Array)).toContain('  registry-config.yml\n');
    // What unzip and Info-ZIP-compatible tools restore: the Unix mode in the upper bits of external_attr.
    const py = 'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({i.filename: oct((i.external_attr >> 16) & 0o777) for i in z.infolist()})); z.extractall(sys.argv[2])';
    const dest = join(work, 'unzipped');
    const listed = spawnSync('python3', ['-c', py, out, dest], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    const modes = JSON.parse(listed.stdout) as Record<string, string>;
    expect(modes['registry-config.yml']).toBe('0o600');
    expect(modes['dtr-storage.json']).toBe('0o600');
    expect(modes['scripts/install-rhel.sh']).toBe('0o755');
    expect(modes['iam-policy.json']).toBe('0o644');
    expect(spawnSync('sha256sum', ['--strict', '-c', 'MANIFEST'], { cwd: dest }).status).toBe(0);
  }, 30_000); // python3 and sha256sum as child processes: seconds on a loaded machine
});
