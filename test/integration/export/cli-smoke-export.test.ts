import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildCliBundle, type BuiltCli } from '../../services/built-cli';

/**
 * The built CLI bundle, spawned with a scrubbed environment: `export` writes a zip whose entries and
 * MANIFEST agree, and `tls-inspect` reads RGW's chain. (Built by buildCliBundle into a private directory
 * under node_modules/.cache so a parallel build of out/ is never disturbed.)
 */
const rgw = inject('rgw');
let built: BuiltCli;
let work = '';

beforeAll(async () => {
  built = await buildCliBundle('export-smoke');
  work = built.work;
}, 180_000);
afterAll(() => built?.remove());

const cli = (args: string[], env: Record<string, string> = {}) => built.cli(args, { HOME: work, ...env });

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
