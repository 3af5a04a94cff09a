import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { probeIds, probeTitles } from '../../shared/checks';
import { recordPageLiveness, rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { registerCaFileTests, registerContinueTests } from './wizard-continue';
import { registerDiagnosisTests } from './wizard-diagnosis';
import { registerExportTests } from './wizard-export';
import { registerBucketDiagnosisTests } from './wizard-bucket-diagnosis';
import { registerProviderSwitchTests } from './wizard-provider-switch';
import { registerTargetProbeTests } from './wizard-target-probe';
import { registerGateTests } from './wizard-gates';
import { registerTrustTests } from './wizard-trust';
import { registerProfileTests } from './wizard-profiles';
import { registerValidateTests } from './wizard-validate';
import { registerVendorTests } from './wizard-vendor';
import { registerKeylessTests } from './wizard-keyless';
import { expectStep, next, openFresh, removeDataDir, startFakeDtr, startWizardHarness, type WizardHarness } from './wizard-setup';
import { checkRunBudgetMs } from './limits';

// One keychain and one wizard draft (a fixed keychain owner): every wizard test is registered in this file
// and they run one after the other, so no two of them share the draft at once.
test.describe.configure({ mode: 'serial' });

let wizard: WizardHarness;
test.beforeEach(async () => {
  wizard = await startWizardHarness();
});
test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await recordPageLiveness(page, testInfo);
  await wizard.close();
});
test.afterAll(removeDataDir);

/** axe (serious/critical) and a screenshot of the step as it is now. */
async function audit(page: Page, found: Record<string, string[]>, name: string): Promise<void> {
  found[name] = await seriousAccessibilityViolations(page);
  await screenshot(page, `wizard-${name}`);
}

test('a full S3-compatible run on RGW, from empty to an exported bundle, with axe and a screenshot of every step', async ({ page, context }) => {
  // A budget, not a wait: at load average 25 the eight steps overran 360 s with every step passing.
  test.setTimeout(600_000);
  const s3 = rgw();
  const dtr = await startFakeDtr(wizard.dir);
  const bucket = uniqueName('wizard-full');
  const a11y: Record<string, string[]> = {};
  try {
    await openFresh(page, wizard.url);
    await page.getByLabel('DTR URL').fill(`https://${dtr.host}`);
    await page.getByLabel('S3-compatible service').check();
    await page.getByLabel('Storage endpoint URL').fill(s3.httpsEndpoint);
    await page.getByLabel('Root CA certificate of the endpoint (if private)').fill(s3.caPem);
    await page.getByLabel('Setup access key ID').fill(s3.accessKey);
    await page.getByLabel('Setup secret access key').fill(s3.secretKey);
    // The endpoint probe's verdict on the pasted CA (an outcome, so the screenshot shows it).
    await expect(page.getByRole('group', { name: 'The pasted CA certificate' })).toContainText('Verifies', { timeout: 60_000 });
    await audit(page, a11y, '1-target');
    await next(page);

    await expectStep(page, 'Bucket');
    await page.getByLabel('Region the service signs for').fill(s3.region);
    // The endpoint's RTT is measured for real: RGW answers over HTTPS.
    await expect(page.getByRole('table')).toContainText(/\d+ ms/);
    await page.getByLabel('Bucket name').fill(bucket);
    await page.getByRole('button', { name: 'Create or adopt the bucket' }).click();
    await expect(page.getByText(`Bucket ${bucket} is ready.`)).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.progress')).toContainText('bucket');
    await audit(page, a11y, '2-bucket');
    await next(page);

    await expectStep(page, 'IAM');
    await page.getByLabel("DTR's documentation policy").check();
    await expect(page.getByText('lacks s3:ListMultipartUploadParts')).toBeVisible();
    await page.getByLabel('Union (recommended)').check();
    await page.getByRole('textbox', { name: 'Root directory' }).fill('dtr');
    await expect(page.locator('figure').first()).toContainText(`arn:aws:s3:::${bucket}/dtr/*`);
    await expect(page.getByText('radosgw-admin user create')).toBeVisible();
    // RGW over HTTPS with a private CA: the bucket owner's aws CLI is told to trust the bundle's CA file.
    await expect(page.locator('figure', { hasText: 'RGW commands' })).toContainText(`--ca-bundle 'registry/storage-ca.crt'`);
    await page.getByLabel('Registry access key ID').fill(s3.accessKey);
    await page.getByLabel('Registry secret access key').fill(s3.secretKey);
    await page.getByRole('button', { name: 'Store the key in the keychain' }).click();
    await expect(page.getByText('is in the OS keychain')).toBeVisible();
    // Stored, the secret leaves the form: the field is empty and says where the secret is.
    await expect(page.getByLabel('Registry secret access key')).toHaveValue('');
    await expect(page.getByLabel('Registry secret access key')).toHaveAttribute('placeholder', 'Stored in the OS keychain');
    await audit(page, a11y, '3-iam');
    await next(page);

    await expectStep(page, 'Storage form');
    // DTR's fields in DTR's order.
    await expect(page.getByLabel('AWS Region name')).toBeVisible();
    const labels = await page.locator('.step .form-grid label, .step > .field > label').allTextContents();
    expect(labels.map((l) => l.replace(' *', ''))).toEqual([
      'Root directory', 'AWS Region name', 'S3 bucket name', 'AWS access key', 'AWS secret key', 'Region endpoint',
      'Signature version 4 auth', 'Use HTTPS', 'Skip TLS verification', 'Root CA certificate',
    ]);
    await expect(page.getByText('Advanced driver options')).toBeVisible();
    await expect(page.getByLabel('Chunk size in MiB (chunksize)')).toBeHidden();
    await expect(page.locator('figure', { hasText: 'DTR API body' })).toContainText(`"bucket": "${bucket}"`);
    // Copy: exactly the previewed text, keys left out (main's clipboard in the app; the browser's here).
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wizard.url).origin });
    await page.locator('figure', { hasText: 'DTR API body' }).getByRole('button', { name: /^Copy DTR API body/ }).click();
    await expect(page.locator('figure', { hasText: 'DTR API body' }).getByText('Copied.')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`"bucket": "${bucket}"`);
    expect(copied).not.toContain(s3.secretKey);
    await expect(page.locator('figure', { hasText: 'config.yml' })).toContainText('rootdirectory: /dtr');
    await audit(page, a11y, '4-storage');
    await next(page);

    await expectStep(page, 'Validate');
    await page.getByRole('button', { name: 'Run all checks' }).click();
    await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
    await expect(page.locator('.check.fail')).toHaveCount(0);
    await expect(page.locator('.check.pass')).toHaveCount(probeIds.length - (await page.locator('.check.warn').count()));
    // Re-run one probe on its own. Its badge already reads Passed from the full run, so the re-run's own
    // answer is what proves it ran (and ran alone).
    const rerun = page.waitForResponse((response) => response.url().endsWith('/api/checks.run'), { timeout: checkRunBudgetMs });
    await page.getByRole('button', { name: `Re-run: ${probeTitles.push}` }).click();
    const rerunOutcome = (await (await rerun).json()) as { ok: boolean; value?: { probes: { id: string; status: string }[] } };
    expect(rerunOutcome.value?.probes.map((p) => `${p.id}:${p.status}`)).toEqual(['push:pass']);
    await expect(page.locator('.check', { hasText: probeTitles.push }).locator('.badge')).toHaveText('Passed');
    await audit(page, a11y, '5-validate');
    await next(page);

    await expectStep(page, 'Client trust');
    await expect(page.getByRole('textbox', { name: 'DTR host' })).toHaveValue(dtr.host);
    await page.getByLabel("DTR's CA certificate (optional)").fill(dtr.caPem);
    // Checked as soon as it is entered, with the trust a client gets from this step.
    await expect(page.getByRole('region', { name: "DTR's certificate" })).toContainText(`The CA a client gets verifies ${dtr.host}.`);
    await expect(page.getByRole('region', { name: "DTR's certificate" })).toContainText('SHA-256');
    await page.getByRole('button', { name: /^Inspect 127\.0\.0\.1:/ }).click();
    await expect(page.getByRole('region', { name: "Storage endpoint's certificate" })).toContainText('with the given CA: verified');
    await page.getByLabel('Mark DTR as an insecure registry (lab use only)').check();
    await page.getByLabel('Existing daemon.json (paste it, or open the file)').fill('{\n  "log-driver": "journald"\n}\n');
    await expect(page.locator('figure', { hasText: 'Merged daemon.json' })).toContainText('"insecure-registries"');
    await expect(page.locator('figure', { hasText: 'Merged daemon.json' })).toContainText('"log-driver": "journald"');
    // Or open the existing file instead of pasting it.
    await page.locator('input[type=file]').setInputFiles({ name: 'daemon.json', mimeType: 'application/json', buffer: Buffer.from('{ "data-root": "/srv/docker" }\n') });
    await expect(page.locator('figure', { hasText: 'Merged daemon.json' })).toContainText('"data-root": "/srv/docker"');
    await page.getByLabel('Existing daemon.json (paste it, or open the file)').fill('{\n  "log-driver": "journald"\n}\n');
    await audit(page, a11y, '6-trust-insecure');
    await page.getByLabel('Trust the CAs on every client (recommended with a private CA)').check();
    await audit(page, a11y, '6-trust');
    await next(page);

    await expectStep(page, 'Export');
    await page.getByLabel('Profile name').fill(uniqueName('wizard-e2e'));
    await page.getByRole('button', { name: 'Save the profile and write the bundle…' }).click();
    await expect(page.getByText(`Written to ${wizard.savePath}`)).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Show in folder' }).click();
    await expect(page.getByText('Opened in the file manager.')).toBeVisible();
    expect(wizard.shownInFolder).toEqual([wizard.savePath]);
    await audit(page, a11y, '7-export');
    await next(page);

    await expectStep(page, 'Done');
    await expect(page.getByText(bucket)).toBeVisible();
    await audit(page, a11y, '8-done');
    // The theme follows the OS: the same step in dark mode, contrast included in axe's checks.
    await page.emulateMedia({ colorScheme: 'dark' });
    await audit(page, a11y, '8-done-dark');
    await page.getByRole('button', { name: 'Storage form' }).click();
    await audit(page, a11y, '4-storage-dark');
  } finally {
    await dtr.close();
  }
  // The bundle is real: its files are on disk, with the storage CA under DTR's certs.d directory.
  const manifest = readFileSync(join(wizard.savePath, 'MANIFEST'), 'utf8');
  expect(manifest).toMatch(/dtr-storage\.json|registry/);
  expect(readFileSync(join(wizard.savePath, 'dtr-storage.json'), 'utf8')).toContain(bucket);
  expect(existsSync(join(wizard.savePath, 'trust', 'storage-ca.crt')) || /storage-ca\.crt/.test(manifest)).toBe(true);
  // The IAM part is the one the IAM step showed for the detected server (RGW): its commands, the bucket policy they name.
  const iamScript = readFileSync(join(wizard.savePath, 'iam-commands.sh'), 'utf8');
  expect(iamScript).toContain(`radosgw-admin user create --uid='dtr-storage'`);
  expect(iamScript).toContain(`--ca-bundle 'registry/storage-ca.crt'`);
  expect(readFileSync(join(wizard.savePath, 'dtr-storage-bucket-policy.json'), 'utf8')).toContain(`arn:aws:s3:::${bucket}/dtr/*`);
  expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
});

registerGateTests(() => wizard);
registerDiagnosisTests(() => wizard);
registerContinueTests(() => wizard);
registerCaFileTests(() => wizard);
registerExportTests();
registerBucketDiagnosisTests(() => wizard);
registerProviderSwitchTests(() => wizard);
registerTrustTests(() => wizard);
registerProfileTests(() => wizard);
registerValidateTests(() => wizard);
registerVendorTests(() => wizard);
registerTargetProbeTests(() => wizard);
registerKeylessTests(() => wizard);
