import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { api, expectStep, next, openFresh, type WizardHarness } from './wizard-setup';

/** A 127.0.0.1 port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface TargetInput {
  endpoint: string;
  ca?: string;
  /** Absent: the AWS credential chain (none on this machine). */
  keys?: { accessKeyId: string; secretAccessKey: string };
}

/** A stranger's way in: Target as typed, then "Create or adopt the bucket" on the Bucket step. */
async function createBucketWith(page: Page, wizard: WizardHarness, input: TargetInput): Promise<void> {
  // The previous page goes first, so nothing of it can be saved after the clear.
  await page.goto('about:blank');
  await api(wizard, 'wizard.clearState', {});
  await openFresh(page, wizard.url);
  await page.getByLabel('DTR URL').fill('https://dtr.example.com');
  await page.getByLabel('Storage endpoint URL').fill(input.endpoint);
  if (input.ca) await page.getByLabel('Root CA certificate of the endpoint (if private)').fill(input.ca);
  if (input.keys) {
    await page.getByLabel('Setup access key ID').fill(input.keys.accessKeyId);
    await page.getByLabel('Setup secret access key').fill(input.keys.secretAccessKey);
  } else {
    await page.getByLabel('AWS profile, SSO or instance role').check();
  }
  await next(page);
  await expectStep(page, 'Bucket');
  await page.getByLabel('Region the service signs for').fill(rgw().region);
  await page.getByLabel('Bucket name').fill(uniqueName('diag'));
  await page.getByRole('button', { name: 'Create or adopt the bucket' }).click();
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerBucketDiagnosisTests(harness: () => WizardHarness): void {
  test('the Bucket step names each cause with the checks\' diagnosis and fix, against RGW', async ({ page }) => {
    test.setTimeout(180_000);
    const s3 = rgw();
    const wizard = harness();
    const keys = { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey };
    const httpPort = new URL(s3.httpEndpoint).port;
    const cases: { name: string; input: TargetInput; code: string; fix: RegExp }[] = [
      { name: 'storage CA not pasted', input: { endpoint: s3.httpsEndpoint, keys }, code: 'TLS_UNKNOWN_CA', fix: /Root CA certificate/ },
      { name: 'nothing on that port', input: { endpoint: `http://127.0.0.1:${await closedPort()}`, keys }, code: 'CONNECTION_REFUSED', fix: /port/ },
      { name: 'https:// to the HTTP port', input: { endpoint: `https://127.0.0.1:${httpPort}`, keys }, code: 'HTTPS_TO_HTTP_PORT', fix: /http:\/\// },
      { name: 'wrong setup secret', input: { endpoint: s3.httpEndpoint, keys: { ...keys, secretAccessKey: `${s3.secretKey}-wrong` } }, code: 'SIGNATURE_MISMATCH', fix: /Re-enter the secret key/ },
      { name: 'unknown access key', input: { endpoint: s3.httpEndpoint, keys: { ...keys, accessKeyId: 'AKIANOSUCHKEY0000000' } }, code: 'UNKNOWN_ACCESS_KEY', fix: /Check the access key/ },
    ];
    const seen: Record<string, string> = {};
    for (const c of cases) {
      await createBucketWith(page, wizard, c.input);
      const box = page.getByRole('alert').filter({ hasText: 'The bucket is not ready' });
      await expect(box, c.name).toBeVisible({ timeout: 30_000 });
      seen[c.name] = (await box.textContent()) ?? '';
      if (c.code === 'SIGNATURE_MISMATCH') {
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await screenshot(page, 'wizard-2-bucket-diagnosis');
      }
    }
    for (const c of cases) {
      expect(seen[c.name], c.name).toContain(`Code: ${c.code}`);
      expect(seen[c.name], c.name).toMatch(c.fix);
      // A key problem is never reported as someone else's bucket.
      expect(seen[c.name], c.name).not.toMatch(/another account|BUCKET_LOOKUP_FAILED/);
    }
  });
}
