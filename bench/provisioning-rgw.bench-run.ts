import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, it } from 'vitest';
import { JsonFileJournalStore } from '../electron/services/provisioning/journal';
import { provisionStorage } from '../electron/services/provisioning/provision';
import { rollbackProvisioning } from '../electron/services/provisioning/rollback';
import { createS3Client } from '../electron/services/s3-client';
import { storageConfigSchema } from '../shared/storage-config';

/**
 * Wall time and S3 request count of provisioning on a local Ceph RGW: a first run (creates), a re-run
 * (reads only), and rollback. RUNS=N overrides the count (default 15). Prints figures; asserts nothing.
 */
const rgw = inject('rgw');
const runs = Number(process.env.RUNS ?? 15);

function counted(s3: S3Client) {
  const calls: string[] = [];
  s3.middlewareStack.add((next, context) => async (args) => (calls.push(context.commandName ?? '?'), next(args)), { step: 'initialize', name: 'count' });
  return calls;
}
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${at(0).toFixed(1)} ms`;
};

it('provisioning figures', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prov-'));
  const times = { first: [] as number[], rerun: [] as number[], rollback: [] as number[] };
  const counts = { first: 0, rerun: 0, rerunWrites: 0, rollback: 0 };
  for (let i = 0; i < runs; i++) {
    const config = storageConfigSchema.parse({
      provider: 's3-compatible', region: rgw.region, bucket: `bench-${randomUUID().slice(0, 8)}`,
      regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false,
    });
    const s3 = createS3Client(config, { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
    const calls = counted(s3);
    const store = new JsonFileJournalStore(join(dir, `${config.bucket}.json`));
    const deps = { s3, store, installationId: 'bench-installation-0000-000000000000', emit: () => undefined, operationId: 'bench' };
    let t = performance.now();
    await provisionStorage({ config, owner: 'bench' }, deps);
    times.first.push(performance.now() - t);
    counts.first = calls.length;
    calls.length = 0;
    t = performance.now();
    await provisionStorage({ config, owner: 'bench' }, deps);
    times.rerun.push(performance.now() - t);
    counts.rerun = calls.length;
    counts.rerunWrites = calls.filter((c) => /^(Put|Create|Delete)/.test(c)).length;
    calls.length = 0;
    t = performance.now();
    await rollbackProvisioning(deps);
    times.rollback.push(performance.now() - t);
    counts.rollback = calls.length;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`provisioning on RGW, ${runs} runs (s3-compatible: bucket steps only)`);
  console.log(`  first run: ${stats(times.first)}; ${counts.first} S3 requests`);
  console.log(`  re-run   : ${stats(times.rerun)}; ${counts.rerun} S3 requests, ${counts.rerunWrites} of them writes`);
  console.log(`  rollback : ${stats(times.rollback)}; ${counts.rollback} S3 requests`);
});
