import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { startKeyring } from '../services/keyring';
import type { RgwInfo } from '../services/rgw';

/** What the global setup started (see global-setup.ts). */
export const harness = {
  get url(): string {
    return required('HARNESS_URL');
  },
  get origin(): string {
    return required('HARNESS_ORIGIN');
  },
  get token(): string {
    return required('HARNESS_TOKEN');
  },
};

/** The harness's data directory (profiles, wizard state): a throwaway one per run. */
export const dataDir = (): string => required('E2E_DATA_DIR');

export const rgw = (): RgwInfo => JSON.parse(required('E2E_RGW')) as RgwInfo;

/** A bucket or profile name no other test, worker or repetition (`--repeat-each`) uses on the shared RGW. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

let workerKeyring: Promise<void> | undefined;
/**
 * A Secret Service of this worker's own, for the harnesses a spec starts in-process. The wizard's draft
 * keys have one fixed keychain owner: with the suite's single keyring, two repetitions of the wizard
 * tests in two workers would clear and overwrite each other's draft. Call it before any keychain use in
 * the worker (D-Bus binds the process to the first session bus it connects to); the keyring's reaper
 * stops it when the worker exits.
 */
export function useWorkerKeyring(): Promise<void> {
  workerKeyring ??= startKeyring().then((keyring) => {
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.dbusAddress;
  });
  return workerKeyring;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global setup did not run.`);
  return value;
}

/** Open the wizard through the harness (the token travels in the hash) and wait for the frame. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();
}

/** A full-page PNG under test-results/screenshots/, to look at what a user sees. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core on the current page: serious and critical violations, as readable lines. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * After a failed test: does the page still run script, and does it still produce frames? Playwright's click
 * waits for two animation frames to call an element stable; one clean-clone run hung there for the whole test
 * budget with the page's last frame at the moment an answer arrived. Each question gets 5 s; the answers go to
 * stdout and to the report. A diagnosis only: nothing is retried.
 */
export async function recordPageLiveness(page: Page, testInfo: TestInfo): Promise<void> {
  const within = async (question: () => Promise<string>): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('no answer within 5 s'), 5_000);
    });
    try {
      return await Promise.race([question().catch((error: unknown) => `error: ${String(error).slice(0, 200)}`), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  const script = await within(() => page.evaluate(() => `runs (document ${document.readyState})`));
  const frames = await within(() => page.evaluate(() => new Promise<string>((resolve) => requestAnimationFrame(() => resolve('an animation frame fired')))));
  const text = `page liveness after "${testInfo.title}": script ${script}; frames: ${frames}`;
  console.log(text);
  await testInfo.attach('page-liveness', { body: text, contentType: 'text/plain' });
}
