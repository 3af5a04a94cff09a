import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { HarnessOptions, RunningHarness } from '../../electron/harness/server';
import { issueServerCert, makeCa } from '../services/tls-certs';
import { useWorkerKeyring } from './fixtures';

// The built harness (`npm run build`), as `npm run web` runs it: Playwright's loader cannot import the
// sources (they import package.json without an import attribute).
const harnessModule = pathToFileURL(join(process.cwd(), 'out', 'main', 'harness.js')).href;
type StartHarness = (options: HarnessOptions) => Promise<RunningHarness>;

// Profiles and wizard state live in this worker's own data directory (read once per process).
const dataDir = mkdtempSync(join(tmpdir(), 'wizard-e2e-data-'));
process.env.DTR_S3_ASSISTANT_DATA_DIR = dataDir;

/**
 * A harness of the wizard's own: a scripted save dialog that "chooses" a
 * fresh folder (the files written there are real). "Show in folder" is recorded instead of opening a
 * file manager. Keys go to the e2e global setup's real gnome-keyring.
 */
export interface WizardHarness {
  url: string;
  dir: string;
  savePath: string;
  shownInFolder: string[];
  /** What the scripted open dialog "chooses" for a CA file (undefined: the user cancels). */
  choices: { caFile?: string };
  /** Send an app event (a menu command) to the page, as Electron's menu does. */
  broadcast(event: { type: 'menu'; command: 'open-ca-file' | 'export' | 'about' }): void;
  close(): Promise<void>;
}

/** `browser`: no scripted dialogs: the harness's own browser stand-in, exactly as `npm run web` runs. */
export async function startWizardHarness(options: { browser?: boolean } = {}): Promise<WizardHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'wizard-e2e-'));
  const savePath = join(dir, 'bundle');
  const shownInFolder: string[] = [];
  const choices: { caFile?: string } = {};
  await useWorkerKeyring();
  const { startHarness } = (await import(harnessModule)) as { startHarness: StartHarness };
  const harness = await startHarness(options.browser ? {} : {
    native: {
      chooseCaFile: async () => choices.caFile,
      chooseSavePath: async () => savePath,
      showInFolder: async (path: string) => void shownInFolder.push(path),
      copyText: async () => {},
    },
  });
  // Start from nothing: no saved state and no draft keys left by an earlier test in the shared keychain.
  // Cleared before any page loads, so no page can write its restored state back afterwards.
  const cleared = await fetch(`${new URL(harness.url).origin}/api/wizard.clearState`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${harness.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  }).then((response) => response.json());
  expect(cleared, JSON.stringify(cleared)).toMatchObject({ ok: true, value: { session: expect.any(String) } });
  return {
    url: harness.url, dir, savePath, shownInFolder, choices,
    broadcast: (event) => harness.broadcast(event),
    close: async () => {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The worker's data directory goes when its wizard tests are done (each harness has written its state by then). */
export function removeDataDir(): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** A stand-in for DTR's HTTPS endpoint on 127.0.0.1 with a throwaway CA, so TLS inspection has a real peer. */
export async function startFakeDtr(dir: string): Promise<{ host: string; caPem: string; close(): Promise<void> }> {
  const ca = await makeCa(join(dir, 'dtr-pki'), 'dtr');
  const leaf = await issueServerCert(join(dir, 'dtr-pki'), 'dtr', { ca, sans: ['DNS:localhost', 'IP:127.0.0.1'], cn: 'localhost' });
  const server: Server = createServer({ cert: leaf.pem, key: leaf.keyPem }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { host: `localhost:${port}`, caPem: ca.pem, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Open the wizard (its state was cleared when the harness started). The heading shows before the saved
 * progress is loaded; the step's fields only after, so an empty DTR URL proves a fresh start.
 */
export async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Target');
  await expect(page.getByLabel('DTR URL')).toHaveValue('');
}

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/**
 * A person's slow click on Next, held half way: the mouse goes down on Next's centre and stays down until
 * the test calls `release`. Whatever the press sets off stays put meanwhile; `expectUnmoved()` asserts that
 * Next is still where it was pressed (a release elsewhere is no click).
 */
export async function pressNextAndHold(page: Page): Promise<{ expectUnmoved: () => Promise<void>; release: () => Promise<void> }> {
  const nextButton = page.getByRole('button', { name: 'Next', exact: true });
  await nextButton.scrollIntoViewIfNeeded();
  const before = await nextButton.boundingBox();
  if (!before) throw new Error('Next has no box');
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.down();
  return {
    expectUnmoved: async () => expect(await nextButton.boundingBox()).toEqual(before),
    release: () => page.mouse.up(),
  };
}

export async function expectStep(page: Page, title: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

/** POST a contract channel to the harness, as the renderer's shim does. */
export async function api(wizard: WizardHarness, channel: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const url = new URL(wizard.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${url.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

/**
 * Target → Bucket through the UI on an S3-compatible endpoint: DTR URL, endpoint, setup keys, then the bucket
 * created (or adopted) and reported ready. The page stays on the Bucket step.
 */
export async function walkToBucketReady(
  page: Page,
  url: string,
  target: { endpoint: string; region: string; bucket: string; setupKey: { id: string; secret: string } },
): Promise<void> {
  await openFresh(page, url);
  await page.getByLabel('DTR URL').fill('https://dtr.example.com');
  await page.getByLabel('Storage endpoint URL').fill(target.endpoint);
  await page.getByLabel('Setup access key ID').fill(target.setupKey.id);
  await page.getByLabel('Setup secret access key').fill(target.setupKey.secret);
  await next(page);
  await expectStep(page, 'Bucket');
  await page.getByLabel('Region the service signs for').fill(target.region);
  await page.getByLabel('Bucket name').fill(target.bucket);
  await page.getByRole('button', { name: 'Create or adopt the bucket' }).click();
  await expect(page.getByText(`Bucket ${target.bucket} is ready.`)).toBeVisible({ timeout: 60_000 });
}

/**
 * The earlier steps' outcome as they save it, without walking them: the registry key in the keychain draft,
 * and a state at `step` with the bucket ready, the key stored and the checks passed (AWS chain for setup,
 * clients trusting a CA); `values` adds the setup's own (DTR, config, …) or overrides these.
 */
export async function seedFinishedSetup(
  wizard: WizardHarness,
  step: string,
  registryKey: { accessKeyId: string; secretAccessKey: string },
  values: Record<string, unknown>,
): Promise<void> {
  expect((await api(wizard, 'wizard.saveDraftSecret', { role: 'registry', credentials: registryKey })).ok).toBe(true);
  const session = ((await api(wizard, 'wizard.loadState', {})).value as { session: string }).session;
  const finished = { keySource: 'aws-chain', bucketReady: true, registryKeyReady: true, checksPassed: true, trustMode: 'ca', ...values };
  const seeded = await api(wizard, 'wizard.saveState', { step, values: finished, session });
  expect(seeded.ok, JSON.stringify(seeded.error)).toBe(true);
}
