import { expect, test } from '@playwright/test';
import { probeTitles } from '../../shared/checks';
import { rgw, screenshot, uniqueName } from './fixtures';
import { expectStep, next, openFresh, walkToBucketReady, type WizardHarness } from './wizard-setup';
import { checkRunBudgetMs } from './limits';

/** Registered by wizard.spec.ts (one harness, one keychain draft, one test at a time). */
export function registerDiagnosisTests(harness: () => WizardHarness): void {
  test('a failing validation shows its diagnosis and fix; the wizard resumes after a reload; fixing the key makes it pass', async ({ page }) => {
    test.setTimeout(300_000);
    const s3 = rgw();
    const wizard = harness();
    const bucket = uniqueName('wizard-diag');
    const savedSteps: string[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/api/wizard.saveState')) savedSteps.push((request.postDataJSON() as { step: string }).step);
    });
    await walkToBucketReady(page, wizard.url, { endpoint: s3.httpEndpoint, region: s3.region, bucket, setupKey: { id: s3.accessKey, secret: s3.secretKey } });
    await next(page);

    // The registry key with a wrong secret.
    await page.getByLabel('Registry access key ID').fill(s3.accessKey);
    await page.getByLabel('Registry secret access key').fill(`${s3.secretKey}-wrong`);
    await page.getByRole('button', { name: 'Store the key in the keychain' }).click();
    await expect(page.getByText('is in the OS keychain')).toBeVisible();
    await next(page);
    // Wait for the step: a second click sent before it renders lands on the IAM step's Next again.
    await expectStep(page, 'Storage form');
    await next(page);

    await expectStep(page, 'Validate');
    await page.getByRole('button', { name: 'Run all checks' }).click();
    await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
    const credentials = page.locator('.check', { hasText: 'Credentials are accepted' });
    await expect(credentials.locator('.badge').first()).toHaveText('Failed');
    await expect(credentials.locator('.diagnosis')).toContainText('SIGNATURE_MISMATCH');
    await expect(credentials.locator('.diagnosis')).toContainText('the secret key does not belong to the access key');
    await expect(credentials.locator('.diagnosis')).toContainText('Fix: Re-enter the secret key.');
    // What rests on the credentials is reported as skipped, not as a second failure.
    await expect(page.locator('.check', { hasText: probeTitles.push }).locator('.badge').first()).toHaveText('Skipped');
    await screenshot(page, 'wizard-validate-failing');
    await next(page);
    await expectStep(page, 'Validate');
    await expect(page.getByRole('alert')).toHaveText(/Run the checks; Next opens once none of them fails/);

    // Resume: a reload comes back on the same step, values from the state file; of the keys, only their
    // IDs and that the keychain holds them. No secret is sent to the page.
    // The page saves after a short quiet period; once main has the Validate step, a reload finds it
    // (loading flushes what main has not yet written).
    await expect.poll(() => savedSteps.includes('validate')).toBe(true);
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/wizard.loadState')) void response.text().then((text) => answers.push(text));
    });
    await page.reload();
    await expectStep(page, 'Validate');
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toContain(s3.accessKey);
    expect(answers[0]).not.toContain(s3.secretKey);
    await page.getByRole('button', { name: 'Target' }).click();
    await expect(page.getByLabel('Setup access key ID')).toHaveValue(s3.accessKey);
    await expect(page.getByLabel('Setup secret access key')).toHaveValue('');
    await expect(page.getByText('Stored in the OS keychain.')).toBeVisible();
    await page.getByRole('button', { name: 'Storage form' }).click();
    await expectStep(page, 'Storage form');
    await expect(page.getByLabel('S3 bucket name')).toHaveValue(bucket);
    await expect(page.getByLabel('AWS access key')).toHaveValue(s3.accessKey);
    const secret = page.getByLabel('AWS secret key');
    await expect(secret).toHaveValue('');
    await expect(secret).toHaveAttribute('placeholder', 'Stored in the OS keychain');
    await screenshot(page, 'wizard-resumed-key-stored');
    // The stored (wrong) secret is replaced by typing a new one.
    await page.getByRole('button', { name: 'Replace' }).click();
    await expect(secret).toBeFocused();
    await secret.fill(s3.secretKey);
    await next(page);
    await page.getByRole('button', { name: 'Run all checks' }).click();
    await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
    await expect(page.locator('.check.fail')).toHaveCount(0);
    await expect(credentials.locator('.badge').first()).toHaveText('Passed');
    await next(page);
    await expectStep(page, 'Client trust');
  });

  test('a long action can be cancelled', async ({ page }) => {
    const wizard = harness();
    await openFresh(page, wizard.url);
    await page.getByLabel('DTR URL').fill('https://dtr.example.com');
    // A listener that accepts connections and never answers: the latency probe waits until cancelled.
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await page.getByLabel('Storage endpoint URL').fill(`http://127.0.0.1:${port}`);
      await page.getByLabel('Setup access key ID').fill('AKIDEXAMPLE');
      await page.getByLabel('Setup secret access key').fill('not-a-real-secret');
      await next(page);
      await expectStep(page, 'Bucket');
      await expect(page.getByRole('progressbar', { name: 'Measuring round-trip times' })).toBeVisible();
      await page.getByRole('button', { name: 'Cancel' }).click();
      // Cancelled, not timed out (the measurement's own 3 s timeout would say so): the transport's CANCELLED.
      await expect(page.locator('.callout.error')).toContainText('Code: CANCELLED');
      await expect(page.getByRole('progressbar')).toHaveCount(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
}
