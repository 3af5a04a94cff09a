import { defineConfig } from '@playwright/test';
import { setE2eCheckLimits } from './test/e2e/limits';
// Traffic stays on this machine: the runner, its workers and (through NODE_OPTIONS) the harnesses they
// start refuse names other than localhost and addresses outside 127.0.0.0/8 (fixtures name dtr.example.com).
import './test/services/loopback-guard.cjs';

// Playwright empties its outputDir when a run starts. One directory per run (workers inherit the
// runner's environment) keeps concurrent runs on one checkout from deleting each other's traces.
process.env.DTR_PLAYWRIGHT_RUN ??= String(process.pid);
// The harness (spawned with this environment) must never reach the EC2 metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// Room for the probes on a loaded machine (see test/e2e/limits.ts); the harnesses inherit it.
setE2eCheckLimits(process.env);

// e2e: Debian's Chromium drives the built renderer through the browser harness (`npm test` builds
// first). The global setup starts RGW, a Secret Service and the harness; never `npx playwright install`.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Apart from test-results/ itself (vitest.json, screenshots), which Playwright would empty.
  outputDir: `test-results/playwright/run-${process.env.DTR_PLAYWRIGHT_RUN}`,
  globalSetup: './test/e2e/global-setup.ts',
  // Budgets, not waits: a shared 2-core machine under load runs a page step many times slower than idle
  // (measured: 10-50 s for one-page tests at load average 18). Nothing here waits for them to pass.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  retries: 0,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
});
