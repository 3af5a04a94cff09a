import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTsInIsolatedNet } from '../../services/isolated-net';

/**
 * DNS faults, produced for real inside a network namespace (see test/services/isolated-net.ts), through
 * the `check` CLI command: this is also its spawned smoke test (exit codes and the --json shape).
 */
const dir = mkdtempSync(join(tmpdir(), 'checks-dns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, config: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ provider: 's3-compatible', region: 'us-east-1', bucket: 'dns-probe-bucket', secure: false, ...config }));
  return path;
}

const secrets = { DTR_S3_ACCESS_KEY: 'AKIDNSPROBE', DTR_S3_SECRET_KEY: 'not-used-dns-fails-first' };

/** `dtr-s3-assistant <args>` in an isolated namespace. */
const cli = (args: string[], dns: 'nxdomain' | 'none', env: Record<string, string> = secrets) =>
  runTsInIsolatedNet('test/integration/checks/cli-entry.ts', 'checkFromArgv', [args], { dns, env });


describe('DNS faults (isolated network namespace, nothing leaves the machine)', () => {
  it('a host name that does not exist: DNS_NOT_FOUND, exit 1, every other probe skipped', async () => {
    const run = await cli(['check', '--config', configFile('nxdomain', { regionendpoint: 'http://s3.does-not-exist.invalid:7480', forcepathstyle: true }), '--json'], 'nxdomain');
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout) as { probes: { id: string; status: string; diagnosis?: { code: string } }[]; totalMs: number };
    expect(Object.keys(json).sort()).toEqual(['probes', 'totalMs']);
    expect(json.probes[0]).toMatchObject({ id: 'dns', status: 'fail', diagnosis: { code: 'DNS_NOT_FOUND' } });
    expect(json.probes.slice(1).map((p) => p.status)).toEqual(Array(9).fill('skipped'));
  });

  it('virtual-host addressing against an S3-compatible endpoint: the bucket host fails, the fix is path style', async () => {
    const run = await cli(['check', '--config', configFile('vhost', { regionendpoint: 'http://localhost:7480', forcepathstyle: false }), '--json'], 'nxdomain');
    expect(run.code, run.stderr).toBe(1);
    const dns = (JSON.parse(run.stdout) as { probes: { id: string; status: string; diagnosis?: { code: string; message: string; fix: string } }[] }).probes[0];
    expect(dns).toMatchObject({ id: 'dns', status: 'fail', diagnosis: { code: 'VIRTUAL_HOST_DNS' } });
    expect(dns?.diagnosis?.message).toContain('dns-probe-bucket.localhost');
    expect(dns?.diagnosis?.fix).toContain('forcepathstyle: true');
  });

  it('no DNS server answering at all: DNS_UNAVAILABLE', async () => {
    const run = await cli(['check', '--config', configFile('nodns', { regionendpoint: 'http://s3.example.invalid:7480', forcepathstyle: true })], 'none');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}dns .*\n {6}DNS_UNAVAILABLE: /m);
    expect(run.stdout).toMatch(/^SKIP {2}push /m);
  });

  it('bad usage and bad config exit 2 with the messages', async () => {
    const missing = await cli(['check', '--config', join(dir, 'nope.json')], 'none');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CONFIG_FILE_UNREADABLE');
    const half = await cli(['check', '--config', configFile('half', { regionendpoint: 'http://127.0.0.1:1', forcepathstyle: true })], 'none', { DTR_S3_ACCESS_KEY: 'only-the-key' });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('CREDENTIALS_INCOMPLETE');
    const usage = await cli(['check'], 'none', {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--config/);
  });
});
