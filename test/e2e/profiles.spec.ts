import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import type { RunningHarness } from '../../electron/harness/server';
import { radosgwAdmin } from '../services/rgw';
import { checkRunBudgetMs } from './limits';
import { rgw, screenshot, seriousAccessibilityViolations, useWorkerKeyring } from './fixtures';

type HarnessModule = typeof import('../../electron/harness/index');

// Saved profiles without dead ends (issue 15), in Chromium through the built harness as `npm run web` runs it
// (no save dialog: bundles are downloads), on a real RGW and this worker's own gnome-keyring.
process.env.DTR_S3_ASSISTANT_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'profiles-e2e-data-'));
const harnessModule = pathToFileURL(join(process.cwd(), 'out', 'main', 'harness.js')).href;
const suffix = randomBytes(4).toString('hex');
const uid = `profiles-e2e-${suffix}`;
let harness: RunningHarness;
let secrets: ReturnType<HarnessModule['createSecretStore']>;
let keys: { accessKeyId: string; secretAccessKey: string };
let bucket: string;

test.beforeAll(async () => {
  const s3 = rgw();
  const info = (await radosgwAdmin(s3, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as { keys: { access_key: string; secret_key: string }[] };
  keys = { accessKeyId: info.keys[0]!.access_key, secretAccessKey: info.keys[0]!.secret_key };
  bucket = `profiles-e2e-${suffix}`;
  const owner = new S3Client({ region: s3.region, endpoint: s3.httpEndpoint, forcePathStyle: true, credentials: { ...keys } });
  await owner.send(new CreateBucketCommand({ Bucket: bucket }));
  owner.destroy();
  await useWorkerKeyring();
  const module = (await import(harnessModule)) as HarnessModule;
  harness = await module.startHarness({});
  secrets = module.createSecretStore();
});

test.afterAll(async () => {
  await harness?.close();
  await radosgwAdmin(rgw(), ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
});

const storage = () => ({
  provider: 's3-compatible', region: rgw().region, bucket, regionendpoint: rgw().httpsEndpoint, secure: true, forcepathstyle: true, ca: rgw().caPem, rootdirectory: '/dtr',
});

async function saveThroughApi(page: Page, body: unknown): Promise<void> {
  const saved = await page.evaluate((request) => window.dtrApi.invoke('profiles.save', request as never), body);
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
}

async function openProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Saved profiles' }).click();
  await page.getByRole('button', { name: `Show ${name}` }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

const probe = (page: Page, title: string) => page.getByRole('list', { name: 'Probes' }).getByRole('listitem').filter({ hasText: title });

test('a re-check that fails on a wrong key is fixed from the profile: replace the key, re-check green, edit a field (asked first), download the bundle', async ({ page }) => {
  test.setTimeout(360_000);
  const name = `fix-${suffix}`;
  await page.goto(harness.url);
  await saveThroughApi(page, { profile: { name, storage: storage() }, secrets: { registry: { accessKeyId: keys.accessKeyId, secretAccessKey: `${keys.secretAccessKey}-wrong` } } });
  try {
    await openProfile(page, name);
    await page.getByRole('button', { name: 'Run the first re-check' }).click();
    await expect(probe(page, 'Credentials are accepted')).toContainText('Failed', { timeout: checkRunBudgetMs });
    await expect(probe(page, 'Credentials are accepted')).toContainText('SIGNATURE_MISMATCH');

    // The fix, where the failure is shown: the new key goes to the keychain and leaves the form.
    await page.getByRole('button', { name: 'Replace the registry key' }).click();
    await page.getByLabel('New registry access key ID').fill(keys.accessKeyId);
    await page.getByLabel('New registry secret access key').fill(keys.secretAccessKey);
    await page.getByRole('button', { name: 'Store the new key in the keychain' }).click();
    await expect(page.getByRole('status').filter({ hasText: `The new key ${keys.accessKeyId} is in the OS keychain` })).toBeVisible();
    await expect(page.getByLabel('New registry secret access key')).toHaveValue('');
    expect(await secrets.getCredentials(name, 'registry')).toEqual({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey });

    await page.getByRole('button', { name: 'Re-check now' }).click();
    await expect(probe(page, 'Credentials are accepted')).toContainText('Passed', { timeout: checkRunBudgetMs });
    await expect(page.getByRole('status').filter({ hasText: 'Changed since the run before' })).toContainText('(recovered)');
    await expect(page.locator('.check.fail')).toHaveCount(0);

    // Edit a storage field: the form's own rule refuses a bad bucket name before anything is sent.
    await page.getByRole('button', { name: 'Edit the storage settings' }).click();
    const editor = page.getByRole('form', { name: `Storage settings of ${name}` });
    await editor.getByLabel('Bucket name').fill('Not_A_Bucket');
    await expect(editor.getByText(/bucket/i).and(editor.locator('.error-text'))).toBeVisible();
    await editor.getByLabel('Bucket name').fill(bucket);
    await editor.getByLabel('Root directory').fill('/dtr2');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    const question = page.getByRole('dialog', { name: `Replace the saved profile “${name}”?` });
    await expect(question.getByRole('list', { name: 'What changes' })).toContainText('rootdirectory: /dtr → /dtr2');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profiles-2-edit-asks');
    await question.getByRole('button', { name: `Replace “${name}”` }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved “${name}”. Re-check it` })).toBeVisible();
    const stored = await page.evaluate((profileName) => window.dtrApi.invoke('profiles.get', { name: profileName }), name);
    expect(stored.ok && stored.value.storage.rootdirectory).toBe('/dtr2');
    expect(stored.ok && stored.value.recheckHistory.length).toBe(2); // the edit kept the history

    // The bundle of the saved profile, as the wizard's Export makes it in the browser: a zip download.
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the bundle (.zip)' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`dtr-storage-${name}.zip`);
    const zipPath = join(mkdtempSync(join(tmpdir(), 'profiles-e2e-zip-')), 'bundle.zip');
    await download.saveAs(zipPath);
    const files = unzipSync(readFileSync(zipPath));
    expect(strFromU8(files['dtr-storage.json']!)).toContain(`"rootdirectory": "/dtr2"`);
    expect(Object.values(files).some((data) => strFromU8(data).includes(keys.secretAccessKey))).toBe(false);
    await expect(page.getByRole('status').filter({ hasText: `Downloaded as dtr-storage-${name}.zip` })).toBeVisible();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profiles-1-fixed');
  } finally {
    await page.evaluate((profileName) => window.dtrApi.invoke('profiles.delete', { name: profileName, force: true }), name);
  }
});

test('delete asks first, then removes the profile and its keychain entries (checked in gnome-keyring)', async ({ page }) => {
  const name = `delete-${suffix}`;
  await page.goto(harness.url);
  await saveThroughApi(page, { profile: { name, storage: storage() }, secrets: { registry: keys, setup: keys } });
  expect(await secrets.getCredentials(name, 'registry')).toBeDefined();
  expect(await secrets.getCredentials(name, 'setup')).toBeDefined();
  await openProfile(page, name);

  await page.getByRole('button', { name: `Delete “${name}”…` }).click();
  const question = page.getByRole('dialog', { name: `Delete the profile “${name}”?` });
  await expect(question).toContainText('registry and setup keys in the OS keychain');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'profiles-3-delete-asks');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  expect(await secrets.getCredentials(name, 'registry')).toBeDefined();

  await page.getByRole('button', { name: `Delete “${name}”…` }).click();
  await question.getByRole('button', { name: `Delete “${name}”` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Deleted “${name}” and 2 keychain entries` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  expect(await secrets.getCredentials(name, 'registry')).toBeUndefined();
  expect(await secrets.getCredentials(name, 'setup')).toBeUndefined();
});
