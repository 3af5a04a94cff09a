#!/usr/bin/env node
// Soak the e2e suite before you stop: build, then run `playwright test --repeat-each N` with a CPU hog
// beside it (one busy-loop child per core) and print pass/fail counts per test. Exit 1 if any run failed.
//   node scripts/soak.mjs [--runs N] [--no-hog] [--no-build] [-- <more playwright args, e.g. a spec file>]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const own = dashes >= 0 ? args.slice(0, dashes) : args;
const passThrough = dashes >= 0 ? args.slice(dashes + 1) : [];
const runsAt = own.indexOf('--runs');
const runs = runsAt >= 0 ? Number(own[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error('--runs takes a whole number from 1 to 50.');
  process.exit(2);
}
const hogMinutes = 90; // a hog never outlives this, even if this script is killed with SIGKILL

if (!own.includes('--no-build')) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// One busy loop per core. Each child spins in 50 ms slices and exits when its parent is gone (ppid
// changes) or after hogMinutes, so a killed soak cannot leave a hog behind.
const hogSource = `const parent = process.ppid; const end = Date.now() + ${hogMinutes} * 60_000;
while (Date.now() < end && process.ppid === parent) { const slice = Date.now() + 50; while (Date.now() < slice); }`;
const hogs = own.includes('--no-hog')
  ? []
  : Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', hogSource], { stdio: 'ignore' }));
const stopHogs = () => {
  for (const hog of hogs) if (hog.exitCode === null) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const dir = mkdtempSync(join(tmpdir(), 'dtr-soak-'));
const report = join(dir, 'playwright.json');
console.log(`soak: ${runs} run(s) of the e2e suite, ${hogs.length} CPU hog(s) beside it`);
const started = Date.now();
const child = spawn('npx', ['playwright', 'test', '--repeat-each', String(runs), '--reporter=list,json', ...passThrough], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
stopHogs();

/** title → { passed, failed, skipped, … } over every repetition. */
const counts = new Map();
function collect(suite, path) {
  for (const spec of suite.specs ?? []) {
    const title = `${spec.file}: ${[...path, spec.title].join(' › ')}`;
    const row = counts.get(title) ?? {};
    for (const test of spec.tests) {
      for (const result of test.results) {
        // A test skipped on purpose (test.skip with a reason) expects "skipped"; a test that was meant to
        // run but was skipped (a serial sibling failed first, the worker died) did not pass: "not-run".
        const status = result.status === 'skipped' && test.expectedStatus !== 'skipped' ? 'not-run' : result.status;
        row[status] = (row[status] ?? 0) + 1;
      }
      // A repetition that never started has no result at all: count it as not run too.
      if (test.results.length === 0 && test.expectedStatus !== 'skipped') row['not-run'] = (row['not-run'] ?? 0) + 1;
    }
    counts.set(title, row);
  }
  for (const child of suite.suites ?? []) collect(child, suite.title && !suite.title.endsWith('.ts') ? [...path, suite.title] : path);
}
let parsed;
try {
  parsed = JSON.parse(readFileSync(report, 'utf8'));
} catch (error) {
  console.error(`soak: no JSON report (${error.message}); Playwright exited with ${code}.`);
  process.exit(1);
}
rmSync(dir, { recursive: true, force: true });
for (const suite of parsed.suites ?? []) collect(suite, []);

console.log(`\nsoak: per test over ${runs} run(s) (${Math.round((Date.now() - started) / 1000)} s, hog: ${hogs.length} busy loop(s))`);
let bad = 0;
for (const [title, row] of [...counts].sort()) {
  const failed = (row.failed ?? 0) + (row.timedOut ?? 0) + (row.interrupted ?? 0) + (row['not-run'] ?? 0);
  bad += failed;
  const parts = Object.entries(row).map(([status, n]) => `${status} ${n}`).join(', ');
  console.log(`${failed ? 'FAIL' : 'ok  '}  ${parts.padEnd(22)}  ${title}`);
}
const totals = [...counts.values()].reduce((sum, row) => {
  for (const [status, n] of Object.entries(row)) sum[status] = (sum[status] ?? 0) + n;
  return sum;
}, {});
console.log(`soak: totals ${JSON.stringify(totals)}; Playwright exit ${code}`);
process.exit(bad || code ? 1 : 0);
