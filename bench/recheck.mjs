#!/usr/bin/env node
// bench/recheck: what re-checking a saved profile costs on top of the probes themselves, against a
// private RGW (HTTPS, own CA) and gnome-keyring started and stopped here. Figures: a full re-check
// (resolve profile + keychain read + every probe + history append) next to the bare runChecks on the
// same config; the history append alone on a full (200-run) history; the diff of two runs; and the
// report for 200 runs (Markdown and JSON: time and size). Usage: node bench/recheck.mjs [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { fmt, median } from './lib/median.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const RUNS = Math.max(3, Math.min(arg('--runs', 15), 100));

const jiti = createJiti(import.meta.url);
const { startRgw } = await jiti.import('../test/services/rgw.ts');
const { startKeyring } = await jiti.import('../test/services/keyring.ts');
const [rgw, keyring] = await Promise.all([startRgw(), startKeyring()]);
process.env.DBUS_SESSION_BUS_ADDRESS = keyring.dbusAddress;
const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
const { createProfileServices } = await jiti.import('../electron/services/profiles/index.ts');
const { recheckProfile } = await jiti.import('../electron/services/recheck/recheck-profile.ts');
const { runChecks } = await jiti.import('../electron/services/checks/runner.ts');
const { diffRecheckRuns } = await jiti.import('../shared/recheck/diff.ts');
const { buildRecheckReport, renderRecheckReport } = await jiti.import('../shared/recheck/report.ts');

const line = (label, xs) => console.log(`${label.padEnd(60)} median ${fmt(median(xs))}  (n=${xs.length})`);
async function timed(fn) { const t = performance.now(); await fn(); return performance.now() - t; }

const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-bench-recheck-'));
const name = `bench-${process.pid}`;
try {
  const keys = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
  const admin = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: keys });
  await admin.send(new CreateBucketCommand({ Bucket: name }));
  admin.destroy();
  const services = createProfileServices({ dataDir });
  const storage = { provider: 's3-compatible', region: rgw.region, bucket: name, regionendpoint: rgw.httpsEndpoint, secure: true, forcepathstyle: true, ca: rgw.caPem, rootdirectory: '/dtr' };
  const saved = await services.profiles.save({ name, storage }, { registry: keys });
  await recheckProfile(name, services); // warm-up: keytar load, TLS, SDK
  await runChecks(saved.storage, keys);

  const full = [], bare = [];
  // Alternate which goes first: a run right after another one meets RGW still deleting the last probe objects.
  for (let i = 0; i < RUNS; i++) {
    const pair = [async () => full.push(await timed(() => recheckProfile(name, services))), async () => bare.push(await timed(() => runChecks(saved.storage, keys)))];
    for (const step of i % 2 ? pair.reverse() : pair) await step();
  }
  line('re-check of a profile (resolve, keychain, 9 probes, append)', full);
  line('runChecks alone on the same config (9 probes)', bare);
  // The probes vary by several ms run to run; a difference inside that spread is noise, not overhead.
  console.log(`${'re-check minus bare runChecks (medians; probe noise dominates)'.padEnd(60)} ${fmt(median(full) - median(bare))}`);

  // Fill the history to its cap, then time one more append (read, validate, write under the lock).
  const run = (await services.profiles.get(name)).recheckHistory.at(-1);
  let profile = await services.profiles.get(name);
  for (let i = profile.recheckHistory.length; i < 200; i++) profile = await services.profiles.appendRecheckRun(name, run);
  const append = [];
  for (let i = 0; i < 20; i++) append.push(await timed(() => services.profiles.appendRecheckRun(name, run)));
  line(`history append at the cap (${profile.recheckHistory.length} runs kept)`, append);

  profile = await services.profiles.get(name);
  const failing = { ...run, status: 'fail', probes: run.probes.map((p) => (p.id === 'credentials' ? { ...p, status: 'fail', code: 'UNKNOWN_ACCESS_KEY' } : p)) };
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) diffRecheckRuns(run, failing);
  console.log(`${'diff of two runs (mean of 10000)'.padEnd(60)} ${(((performance.now() - t0) / 10_000) * 1000).toFixed(2)} µs`);
  for (const format of ['markdown', 'json']) {
    const times = [];
    let text = '';
    for (let i = 0; i < 50; i++) times.push(await timed(() => { text = renderRecheckReport(buildRecheckReport(profile, new Date()), format); }));
    line(`report of ${profile.recheckHistory.length} runs as ${format} (${(text.length / 1024).toFixed(1)} KiB)`, times);
  }
  await services.profiles.delete(name, { force: true });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await Promise.allSettled([rgw.stop(), keyring.stop()]);
}
