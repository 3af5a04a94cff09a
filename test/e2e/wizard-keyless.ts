import { expect, test } from '@playwright/test';
import { imdsFixCommand, keylessOptionTitle } from '../../shared/keyless';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { api, expectStep, next, type WizardHarness } from './wizard-setup';

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerKeylessTests(harness: () => WizardHarness): void {
  test('keyless (an IAM role): the IAM step warns about IMDSv2, the storage form leaves the keys empty, Validate runs only what it can and says what it did not verify', async ({ page }) => {
    test.setTimeout(300_000);
    const s3 = rgw();
    const wizard = harness();
    const session = ((await api(wizard, 'wizard.loadState', {})).value as { session: string }).session;
    // Amazon S3 as the provider, but its endpoint is the test RGW: traffic stays on this machine (the endpoint warning is expected).
    const values = {
      dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain', bucketReady: true,
      config: { provider: 'aws', region: s3.region, bucket: uniqueName('wizard-keyless'), regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: '/dtr' },
    };
    const seeded = await api(wizard, 'wizard.saveState', { step: 'iam', values, session });
    expect(seeded.ok, JSON.stringify(seeded.error)).toBe(true);
    await page.goto(wizard.url);
    await expectStep(page, 'IAM');

    await page.getByLabel(keylessOptionTitle).check();
    const warning = page.locator('.callout.warn', { hasText: 'IMDSv1 required' });
    await expect(warning).toContainText('aws-sdk-go 1.15');
    await expect(warning).toContainText(imdsFixCommand());
    await expect(page.getByRole('button', { name: 'Create the user and key' })).toHaveCount(0);
    await expect(page.locator('figure', { hasText: 'Trust policy of the role' })).toContainText('"Service": "ec2.amazonaws.com"');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-3-iam-keyless');
    await next(page);

    await expectStep(page, 'Storage form');
    await expect(page.getByText("leave both empty. DTR's hosts use an IAM role")).toBeVisible();
    await expect(page.getByLabel('AWS access key')).toHaveCount(0);
    const body = page.locator('figure', { hasText: 'DTR API body' });
    await expect(body).toContainText('"accesskey": ""');
    await expect(body).toContainText('"secretkey": ""');
    await next(page);

    await expectStep(page, 'Validate');
    await expect(page.locator('.callout.warn', { hasText: 'IMDSv1 required' })).toContainText(imdsFixCommand());
    await page.getByRole('button', { name: 'Run all checks' }).click();
    // The outcome, itemized: four checks ran against the real RGW, six say what they did not verify; none of those is green.
    await expect(page.locator('.summary-line')).toHaveText(/^4 passed, 6 not verified \(no registry key\) — the storage is reachable from here, but what the registry's IAM role may do was not verified/, { timeout: 120_000 });
    await expect(page.locator('.badge', { hasText: 'Not verified' })).toHaveCount(6);
    await expect(page.locator('li.check', { hasText: 'Push as the registry does' })).toContainText('KEYLESS_NOT_VERIFIED');
    await expect(page.locator('li.check', { hasText: 'Credentials are accepted' })).toContainText('KEYLESS_IMDSV1_REQUIRED');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-5-validate-keyless');
    await next(page);
    await expectStep(page, 'Client trust');
  });
}
