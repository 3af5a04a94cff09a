import { createServer } from 'node:net';
import { GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { api, expectStep, next, openFresh, type WizardHarness } from './wizard-setup';

/** The texts a control's aria-describedby names: where its error, warning and hint are announced. */
async function describedText(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const page = field.page();
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
}

/** The bucket owner's own client (RGW's admin keys), to change the bucket behind the wizard's back. */
function ownerClient(): S3Client {
  const s3 = rgw();
  return new S3Client({
    region: s3.region, endpoint: s3.httpEndpoint, forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
  });
}

/** From nothing to the Bucket step with RGW's keys; the bucket is created and ready. */
async function createBucketOnRgw(page: Page, wizard: WizardHarness, bucket: string): Promise<void> {
  const s3 = rgw();
  await page.goto('about:blank');
  await api(wizard, 'wizard.clearState', {});
  await openFresh(page, wizard.url);
  await page.getByLabel('DTR URL').fill('https://dtr.example.com');
  await page.getByLabel('S3-compatible service').check();
  await page.getByLabel('Storage endpoint URL').fill(s3.httpEndpoint);
  await page.getByLabel('Setup access key ID').fill(s3.accessKey);
  await page.getByLabel('Setup secret access key').fill(s3.secretKey);
  await next(page);
  await expectStep(page, 'Bucket');
  await page.getByLabel('Region the service signs for').fill(s3.region);
  await page.getByLabel('Bucket name').fill(bucket);
  await page.getByRole('button', { name: 'Create or adopt the bucket' }).click();
  await expect(page.getByText(`Bucket ${bucket} is ready.`)).toBeVisible({ timeout: 60_000 });
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). Issue 15's findings. */
export function registerVendorTests(harness: () => WizardHarness): void {
  test('a DTR URL with a space or a path is refused on Target, by the shared DTR host rule', async ({ page }) => {
    await openFresh(page, harness().url);
    const dtrUrl = page.getByLabel('DTR URL');
    for (const bad of ['https://dtr.example.com/ x', 'https://dtr .example.com', 'https://dtr.example.com/repositories']) {
      await dtrUrl.fill(bad);
      await expect(dtrUrl, bad).toHaveAttribute('aria-invalid', 'true');
    }
    expect(await describedText(dtrUrl)).toMatch(/path/);
    await dtrUrl.fill('https://dtr.example.com/ x');
    expect(await describedText(dtrUrl)).toMatch(/space/);
    await next(page);
    await expectStep(page, 'Target');
    await dtrUrl.fill('https://dtr.example.com:4443/');
    await expect(dtrUrl).not.toHaveAttribute('aria-invalid', 'true');
  });

  test('the Bucket step without any AWS credentials (and an instance-metadata service that never answers) fails with NO_CREDENTIALS', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    // A metadata service on 127.0.0.1 that accepts and never answers: the worst case of a machine
    // off EC2, without sending anything off this machine. The in-process harness reads this environment.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const saved = { disabled: process.env.AWS_EC2_METADATA_DISABLED, endpoint: process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT };
    delete process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      await page.goto('about:blank');
      await api(wizard, 'wizard.clearState', {});
      await openFresh(page, wizard.url);
      await page.getByLabel('DTR URL').fill('https://dtr.example.com');
      await page.getByLabel('Storage endpoint URL').fill(s3.httpEndpoint);
      await page.getByLabel('AWS profile, SSO or instance role').check();
      await next(page);
      await expectStep(page, 'Bucket');
      await page.getByLabel('Region the service signs for').fill(s3.region);
      await page.getByLabel('Bucket name').fill(uniqueName('nocreds'));
      await page.getByRole('button', { name: 'Create or adopt the bucket' }).click();
      const box = page.getByRole('alert').filter({ hasText: 'The bucket is not ready' });
      await expect(box).toContainText('Code: NO_CREDENTIALS');
      await expect(box).toContainText('Fix:');
    } finally {
      process.env.AWS_EC2_METADATA_DISABLED = saved.disabled ?? 'true';
      if (saved.endpoint === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
      else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = saved.endpoint;
      silent.close();
    }
  });

  test('"Check the bucket again" reports a changed bucket setting and re-applies it only when asked (RGW)', async ({ page }) => {
    test.setTimeout(240_000);
    const bucket = uniqueName('drift');
    const owner = ownerClient();
    const allOff = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const blockOf = async () => (await owner.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
    try {
      await createBucketOnRgw(page, harness(), bucket);
      expect(await blockOf()).toMatchObject({ IgnorePublicAcls: true, RestrictPublicBuckets: true });
      // The bucket's owner turns Block Public Access off on purpose.
      await owner.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: allOff }));
      const recheck = page.waitForResponse((response) => response.url().endsWith('/api/provision.run'), { timeout: 60_000 });
      await page.getByRole('button', { name: 'Check the bucket again' }).click();
      expect((await (await recheck).json()) as { ok: boolean }).toMatchObject({ ok: true });
      // Left as the owner set it...
      expect(await blockOf()).toMatchObject(allOff);
      // ...and shown, with the choice to put it back.
      const drift = page.getByRole('table', { name: 'Bucket settings that differ from what this tool applied' });
      await expect(drift).toContainText('IgnorePublicAcls off');
      await expect(drift).toContainText('IgnorePublicAcls on');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-2-bucket-drift');
      const reapply = page.waitForResponse((response) => response.url().endsWith('/api/provision.run'), { timeout: 60_000 });
      await page.getByRole('button', { name: 'Re-apply this setting' }).click();
      expect((await (await reapply).json()) as { ok: boolean }).toMatchObject({ ok: true });
      expect(await blockOf()).toMatchObject({ IgnorePublicAcls: true, RestrictPublicBuckets: true, BlockPublicPolicy: false });
      await expect(drift).toBeHidden();
    } finally {
      owner.destroy();
    }
  });

  test('honest texts on RGW: what the bucket really got, scoping needs a root, the storage form speaks MiB, offers DTR 2.x classes, keeps warnings by their fields', async ({ page }) => {
    test.setTimeout(240_000);
    const s3 = rgw();
    const bucket = uniqueName('honest');
    await createBucketOnRgw(page, harness(), bucket);
    // RGW here refuses default encryption: the page says so, and promises nothing else.
    const report = page.getByRole('region', { name: 'What the bucket has now' });
    await expect(report).toContainText('Default encryption is NOT set');
    await expect(page.getByText('every object is encrypted at rest')).toHaveCount(0);
    await screenshot(page, 'wizard-2-bucket-report');
    await next(page);

    await expectStep(page, 'IAM');
    const scope = page.getByLabel('Scope the policy to the root directory');
    await expect(scope).not.toBeChecked();
    await expect(scope).toBeDisabled();
    // The Bucket step's request to RGW named the server (RGW sends no Server header: its request id's form).
    await expect(page.getByLabel('Ceph RGW')).toBeChecked();
    await expect(page.getByText(/Detected: request id tx[0-9a-f]+-/)).toBeVisible();
    await expect(page.locator('figure', { hasText: 'RGW commands' })).toContainText("radosgw-admin user create --uid='dtr-storage'");
    await expect(page.locator('figure', { hasText: 'Bucket policy for the RGW user' })).toContainText('arn:aws:iam:::user/dtr-storage');
    await page.getByRole('textbox', { name: 'Root directory' }).fill('dtr');
    await expect(scope).toBeEnabled();
    await expect(scope).toBeChecked();
    await page.getByLabel('Registry access key ID').fill(s3.accessKey);
    await page.getByLabel('Registry secret access key').fill(s3.secretKey);
    await page.getByRole('button', { name: 'Store the key in the keychain' }).click();
    await expect(page.getByText('is in the OS keychain')).toBeVisible();
    await next(page);

    await expectStep(page, 'Storage form');
    // Keys are required on an S3-compatible service: no IAM-role promise in the registry's YAML.
    const yaml = page.locator('figure', { hasText: 'config.yml' });
    await expect(yaml).toContainText('REGISTRY_STORAGE_S3_ACCESSKEY');
    await expect(yaml).not.toContainText('IAM role');
    await page.getByText('Advanced driver options').click();
    const storageClass = page.getByLabel('Storage class (storageclass)');
    expect(await storageClass.locator('option').allTextContents()).toEqual(['STANDARD', 'REDUCED_REDUNDANCY', 'NONE']);
    const chunk = page.getByLabel('Chunk size in MiB (chunksize)');
    await chunk.fill('4');
    await expect(chunk).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(chunk)).toContain('The chunk size is 4 MiB');
    await chunk.fill('10');
    const skip = page.getByLabel('Skip TLS verification');
    await skip.check();
    expect(await describedText(skip)).toMatch(/"Skip TLS verification" is on, but HTTPS is off/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-4-storage-warnings');
  });
}
