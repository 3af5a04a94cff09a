import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The built CLI bundle, spawned with a scrubbed environment: `export` writes a zip whose entries and
 * MANIFEST agree, and `tls-inspect` reads RGW's chain. (Built into a private directory under
 * node_modules/.cache so a parallel build of out/ is never disturbed.)
 */
const run = promisify(execFile);
const rgw = inject('rgw');
const root = resolve(import.meta.dirname, '..', '..', '..');
let work = '';
let bin = '';

beforeAll(async () => {
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  work = mkdtempSync(join(root, 'node_modules', '.cache', 'export-smoke-'));
  await run('npx', ['electron-vite', 'build', '--outDir', join(work, 'out'), '--logLevel', 'error'], { cwd: root, timeout: 120_000 });
  mkdirSync(join(work, 'bin'));
  bin = join(work, 'bin', 'dtr-s3-assistant.js');
  copyFileSync(join(root, 'bin', 'dtr-s3-assistant.js'), bin);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  run('node', [bin, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );

describe('built CLI: export and tls-inspect', () => {
  it('export --zip --include-secrets writes a 0600 zip whose MANIFEST matches its entries', async () => {
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ provider: 's3-compatible', region: rgw.region, bucket: 'smoke-bucket', regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, ca: rgw.caPem }));
    const out = join(work, 'bundle.zip');
    const r = await cli(['export', '--config', config, '--out', out, '--zip', '--dtr-host', 'dtr.smoke:4443', '--include-secrets'], {
      DTR_S3_ACCESS_KEY: 'AKIASMOKE',
      DTR_S3_SECRET_KEY: 'smoke-secret',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*secret key/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const entries = unzipSync(readFileSync(out));
    expect(strFromU8(entries['registry-config.yml'] as Uint8Array)).toContain('secretkey: smoke-secret');
    const manifest = strFromU8(entries['MANIFEST'] as Uint8Array).trim().split('\n').map((l) => l.split('  ')[1]);
    expect(manifest.sort()).toEqual(Object.keys(entries).filter((n) => n !== 'MANIFEST').sort());
    expect(manifest).toContain('docker/certs.d/dtr.smoke:4443/storage-ca.crt');
    expect((await cli(['export', '--config', config, '--out', out, '--zip'])).code).toBe(2);
  });

  it('tls-inspect shows the RGW chain and verifies it with the CA file', async () => {
    const r = await cli(['tls-inspect', new URL(rgw.httpsEndpoint).host, '--ca', rgw.caPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CN=localhost');
    expect(r.stdout).toContain('trusted by the given CA:      yes');
  });
});
