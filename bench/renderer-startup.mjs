// Time from navigation to the wizard's first interactive step (Target: its "DTR URL" field focusable and
// its saved state loaded) in Debian's Chromium through the built harness. Median of N runs (default 10),
// each in a fresh browser context (cold page, warm harness). Needs `npm run build`.
// Usage: node bench/renderer-startup.mjs [runs=10]
// For the real keychain path run it inside a Secret Service session, e.g.
//   dbus-run-session -- sh -c 'echo -n x | gnome-keyring-daemon --unlock --components=secrets >/dev/null; node bench/renderer-startup.mjs'
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
/* global window, document, MutationObserver -- the init script and evaluate run in the page */

const runs = Math.min(Math.max(Number(process.argv[2] ?? 10), 1), 50);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-renderer-'));
process.env.DTR_S3_ASSISTANT_DATA_DIR = dataDir; // no saved state of a real user
const { startHarness } = await import(pathToFileURL(join(process.cwd(), 'out', 'main', 'harness.js')).href);
const harness = await startHarness({ port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const wall = [];
const inPage = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    // The page notes the moment its first step's field exists (its own clock, from navigation start):
    // Playwright's polling would add its own latency to the figure.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('input[type=url]')) {
          window.__firstStepAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(harness.url, { waitUntil: 'commit' });
    await page.getByLabel('DTR URL').waitFor({ state: 'visible', timeout: 15_000 });
    wall.push(performance.now() - t0);
    inPage.push(await page.evaluate(() => window.__firstStepAt));
    await page.getByLabel('DTR URL').fill('https://dtr.example.com'); // proves it takes input
    await context.close();
  }
} finally {
  await browser.close();
  await harness.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const fmt = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`navigation → first interactive step (Target), ${runs} runs, Chromium ${browser.version()}:`);
console.log(`  page clock (navigation start → Target's field in the DOM): ${fmt(inPage)}`);
console.log(`  wall clock incl. Playwright's polling (page.goto → visible): ${fmt(wall)}`);
