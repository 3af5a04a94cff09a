// `npm test`: every suite, in order: build (the CLI and e2e tests run the bundles), typecheck, lint,
// vitest (unit + integration, which start RGW and a Secret Service themselves), Playwright e2e.
// Ends with one plain summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join(process.cwd(), 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  // No suite may reach the EC2 metadata service through the AWS SDK's credential chain.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', ...env },
  });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

if (wanted('build')) step('build', 'npx', ['electron-vite', 'build']);
if (wanted('typecheck')) step('typecheck', 'npx', ['tsc', '-b', 'tsconfig.json']);
if (wanted('lint')) step('lint', 'npx', ['eslint', '.']);
if (wanted('vitest')) {
  const out = join(reports, 'vitest.json');
  step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
}
if (wanted('e2e') && existsSync('playwright.config.ts')) {
  const out = join(reports, 'playwright.json');
  step('e2e', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (existsSync(out)) {
    const { stats } = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += stats.expected;
    totals.failed += stats.unexpected + stats.flaky;
    totals.skipped += stats.skipped;
  }
}

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
