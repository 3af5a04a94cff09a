import { expect, test, type Locator, type Page } from '@playwright/test';
import { validateStorageConfig, validateBucketName } from '../../shared/validation';
import { storageConfigSchema } from '../../shared/storage-config';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { expectStep, next, openFresh, pressNextAndHold, type WizardHarness } from './wizard-setup';
import { checkRunBudgetMs } from './limits';

/** The field's error text is the element its aria-describedby names, and the field is marked invalid. */
async function expectFieldError(field: Locator, text: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const page = field.page();
  const described = (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
  expect(described).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}

/** Next is refused: the step stays, and the message says why. */
async function expectBlocked(page: Page, title: string): Promise<void> {
  await next(page);
  await expectStep(page, title);
}

const shared = (config: Record<string, unknown>, field: string) =>
  validateStorageConfig(storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'ok-bucket', ...config }))
    .errors.find((e) => e.field === field)?.message ?? 'no message';

/** Registered by wizard.spec.ts, which owns the harness and runs the wizard's tests one after the other. */
export function registerGateTests(harness: () => WizardHarness): void {
  test('invalid input on each step shows the right message tied to its field, and blocks Next (keyboard only)', async ({ page }) => {
    test.setTimeout(300_000);
    const s3 = rgw();
    const bucket = uniqueName('wizard-gates');
    const wizard = harness();
    await openFresh(page, wizard.url);

    // Target, from the keyboard alone: an empty form is refused and focus lands on the first invalid field.
    await page.getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('Tab'); // the DTR URL field
    await page.keyboard.press('Enter'); // submits the step's form = Next
    await expectStep(page, 'Target');
    const dtrUrl = page.getByLabel('DTR URL');
    await expect(dtrUrl).toBeFocused();
    await expectFieldError(dtrUrl, 'Enter the DTR URL');
    await page.keyboard.type('http://dtr.example.com');
    await expectFieldError(dtrUrl, 'DTR is reached over HTTPS');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('https://dtr.example.com');
    await expect(dtrUrl).not.toHaveAttribute('aria-invalid', 'true');
    const endpoint = page.getByLabel('Storage endpoint URL');
    await endpoint.fill('ftp://s3.example.com');
    await expectFieldError(endpoint, shared({ regionendpoint: 'ftp://s3.example.com' }, 'regionendpoint'));
    await expectFieldError(page.getByLabel('Setup access key ID'), 'Enter the setup access key ID');
    await screenshot(page, 'wizard-invalid-1-target');
    await expectBlocked(page, 'Target');
    await endpoint.fill(s3.httpEndpoint);
    // Keys typed through the keyboard: Tab moves field to field.
    await page.getByLabel('Setup access key ID').focus();
    await page.keyboard.type(s3.accessKey);
    await page.keyboard.press('Tab');
    await page.keyboard.type(s3.secretKey);
    await page.keyboard.press('Enter');

    await expectStep(page, 'Bucket');
    await page.getByLabel('Region the service signs for').fill(s3.region);
    const name = page.getByLabel('Bucket name');
    await name.fill('Bad_Bucket');
    await expectFieldError(name, validateBucketName('Bad_Bucket')[0]!.message);
    await screenshot(page, 'wizard-invalid-2-bucket');
    await expectBlocked(page, 'Bucket');
    await name.fill(bucket);
    await expectBlocked(page, 'Bucket');
    await expect(page.getByRole('alert')).toHaveText(/Create or adopt the bucket before going on/);
    await page.getByRole('button', { name: 'Create or adopt the bucket' }).press('Enter');
    await expect(page.getByText(`Bucket ${bucket} is ready.`)).toBeVisible({ timeout: 60_000 });
    await next(page);

    await expectStep(page, 'IAM');
    await expectBlocked(page, 'IAM');
    await expectFieldError(page.getByLabel('Registry access key ID'), "Enter the registry's access key ID");
    await page.getByLabel('Registry access key ID').fill(s3.accessKey);
    await expectBlocked(page, 'IAM');
    await expectFieldError(page.getByLabel('Registry secret access key'), "Enter the registry's secret access key");
    await screenshot(page, 'wizard-invalid-3-iam');
    await page.getByLabel('Registry secret access key').fill(s3.secretKey);
    await page.getByRole('button', { name: 'Store the key in the keychain' }).click();
    await expect(page.getByText('is in the OS keychain')).toBeVisible();
    await next(page);

    await expectStep(page, 'Storage form');
    const region = page.getByLabel('AWS Region name');
    await region.fill('');
    await expectFieldError(region, shared({ region: '' }, 'region'));
    await page.getByText('Advanced driver options').click();
    const chunk = page.getByLabel('Chunk size in MiB (chunksize)');
    await chunk.fill('1');
    await expectFieldError(chunk, shared({ chunksize: 1024 * 1024 }, 'chunksize'));
    await screenshot(page, 'wizard-invalid-4-storage');
    await expectBlocked(page, 'Storage form');
    await region.fill(s3.region);
    await chunk.fill('10');
    await next(page);

    await expectStep(page, 'Validate');
    await expectBlocked(page, 'Validate');
    await expect(page.getByRole('alert')).toHaveText(/Run the checks/);
    await screenshot(page, 'wizard-invalid-5-validate');
    await page.getByRole('button', { name: 'Run all checks' }).click();
    await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
    await next(page);

    await expectStep(page, 'Client trust');
    const host = page.getByRole('textbox', { name: 'DTR host' });
    await expect(host).toHaveValue('dtr.example.com');
    await host.fill('dtr example.com');
    await expectFieldError(host, 'is not a DTR host[:port]');
    await expectBlocked(page, 'Client trust');
    await host.fill('dtr.example.com');
    await page.getByLabel('Mark DTR as an insecure registry (lab use only)').check();
    const daemon = page.getByLabel('Existing daemon.json (paste it, or open the file)');
    await daemon.fill('{\n  "debug": true,\n  oops\n}');
    await expectFieldError(daemon, /line 3/);
    await screenshot(page, 'wizard-invalid-6-trust');
    await expectBlocked(page, 'Client trust');
    await daemon.fill('{ "debug": true }');
    await next(page);

    await expectStep(page, 'Export');
    const profile = page.getByLabel('Profile name');
    await profile.fill('Bad Name');
    await expectFieldError(profile, /lower-case letters/);
    await screenshot(page, 'wizard-invalid-7-export');
    await expectBlocked(page, 'Export');
    await profile.fill('gates');
    await expectBlocked(page, 'Export');
    await expect(page.getByRole('alert')).toHaveText(/Write the bundle before going on/);
  });

  test('with Amazon S3 and a named AWS profile, no region is probed until the user asks (the button is never clicked here)', async ({ page }) => {
    const wizard = harness();
    const probes: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('regions.measureLatency')) probes.push(request.url());
    });
    await openFresh(page, wizard.url);
    await page.getByLabel('DTR URL').fill('https://dtr.example.com');
    await page.getByLabel('Amazon S3').check();
    // Setup credentials from a named AWS profile: the name is checked by the contract's own rule.
    await page.getByLabel('AWS profile, SSO or instance role').check();
    const awsProfile = page.getByLabel('AWS profile name');
    await awsProfile.fill('not a name');
    await expectFieldError(awsProfile, /^Not an AWS profile name/);
    await expectBlocked(page, 'Target');
    await awsProfile.fill('dtr-admin');
    await expect(page.getByText('aws sso login --profile dtr-admin')).toBeVisible();
    await next(page);
    await expectStep(page, 'Bucket');
    await expect(page.getByRole('button', { name: 'Measure latency to every region' })).toBeEnabled();
    await expect(page.getByRole('progressbar', { name: 'Measuring round-trip times' })).toHaveCount(0);
    await page.getByLabel('Bucket name').fill('no-probe-bucket');
    // A call sent after the step's effects ran: once it is seen, any call an effect made is seen too.
    const marker = page.waitForRequest((request) => request.url().endsWith('/api/app.info'));
    await page.evaluate(() => window.dtrApi.invoke('app.info', {}));
    await marker;
    expect(probes).toEqual([]);
    await screenshot(page, 'wizard-bucket-aws');
  });
  test('a slow click on Next still leaves Target: the key going to the keychain while the button is held moves nothing', async ({ page }) => {
    const s3 = rgw();
    await openFresh(page, harness().url);
    await page.getByLabel('DTR URL').fill('https://dtr.example.com');
    await page.getByLabel('Storage endpoint URL').fill(s3.httpEndpoint);
    await page.getByLabel('Setup access key ID').fill(s3.accessKey);
    await page.getByLabel('Setup secret access key').fill(s3.secretKey);
    await expect(page.locator('.endpoint-probe')).toContainText('Reachable', { timeout: 60_000 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-1-target-key-typed');
    // A person's click: the button goes down (the secret field loses focus, so the key goes to the
    // keychain), and comes up only once the field says so. The mouse is held, so this state stays put.
    const held = await pressNextAndHold(page);
    await expect(page.getByText('Stored in the OS keychain.')).toBeVisible();
    await held.expectUnmoved();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-1-target-key-stored');
    await held.release();
    await expectStep(page, 'Bucket');
  });
}
