import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { storageConfigSchema } from '../../../shared/storage-config';
import { REGIONS_BY_PARTITION, needsEndpointOnDistribution2, s3EndpointHost, validateStorageConfig } from '../../../shared/validation';

/**
 * Which AWS regions the real docker-registry 2.8 refuses ("invalid region provided"), measured by
 * starting it with each rendered config. Debian's build carries a newer AWS SDK than DTR/MSR 2.x, so it
 * refuses FEWER regions: the warning list comes from upstream's SDK 1.15.11, and this only checks that
 * every region Debian's registry refuses is warned about (a subset), and that the fix works. Each registry runs in its own empty network namespace
 * (`unshare -n`), so nothing can leave the machine; it only has to survive its startup checks.
 */
const dir = mkdtempSync(join(tmpdir(), 'registry-regions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 'refused' with the log line, or 'started' when the registry is still up after `graceMs`. */
function startsWith(region: string, regionendpoint = '', graceMs = 1_500): Promise<{ region: string; outcome: 'started' | 'refused'; log: string }> {
  const config = storageConfigSchema.parse({ provider: 'aws', region, bucket: 'registry-images', regionendpoint });
  const storage = renderRegistryYaml(config, { credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }, includeSecrets: true });
  const path = join(dir, `${region}-${regionendpoint ? 'ep' : 'plain'}.yml`);
  const head = 'version: 0.1\nlog: {level: error}\nhttp: {addr: "127.0.0.1:5000", secret: test-only}\n';
  // no upload purging: it is the one thing that would talk to storage without a request
  writeFileSync(path, `${head}${storage.replace(/^(storage:\n)/m, '$1  maintenance: {uploadpurging: {enabled: false}}\n')}`);
  return new Promise((resolve) => {
    const child = spawn('unshare', ['-n', '/usr/bin/docker-registry', 'serve', path], { env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    // 'close', not 'exit': only then has all of the child's output been read (the panic line included).
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ region, outcome: signal === 'SIGKILL' ? 'started' : 'refused', log });
    });
  });
}

describe('regions against the real registry 2.8', () => {
  it('refuses only regions validation warns about (Debian knows more than DTR, so not all of them)', async () => {
    const regions = Object.values(REGIONS_BY_PARTITION).flat();
    const results: Array<Awaited<ReturnType<typeof startsWith>>> = [];
    for (let i = 0; i < regions.length; i += 8) results.push(...(await Promise.all(regions.slice(i, i + 8).map((r) => startsWith(r)))));
    const refused = results.filter((r) => r.outcome === 'refused');
    for (const r of refused) expect(r.log).toContain(`invalid region provided: ${r.region}`);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((r) => !needsEndpointOnDistribution2(r.region))).toEqual([]);
    // and the regions it accepts include every one DTR/MSR 2.x knows
    expect(results.filter((r) => !needsEndpointOnDistribution2(r.region)).every((r) => r.outcome === 'started')).toBe(true);
  }, 60_000);

  it('the suggested fix (the regional endpoint) makes it start', async () => {
    const region = 'il-central-1';
    const warning = validateStorageConfig({ provider: 'aws', region, bucket: 'registry-images' }).warnings[0];
    expect(warning?.code).toBe('REGION_NEWER_THAN_REGISTRY');
    const endpoint = `https://${s3EndpointHost(region)}`;
    expect(warning?.fix).toContain(endpoint);
    // and with that fix validation is clean: no "endpoint set for AWS" warning for this one case
    expect(validateStorageConfig({ provider: 'aws', region, bucket: 'registry-images', regionendpoint: endpoint })).toMatchObject({ errors: [], warnings: [] });
    expect((await startsWith(region, endpoint)).outcome).toBe('started');
  });
});
