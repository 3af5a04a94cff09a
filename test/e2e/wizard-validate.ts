import { dtrTrustSubject } from '../../shared/trust/dtr-ca-gate';
import { expect, test, type Page } from '@playwright/test';
import { probeTitles } from '../../shared/checks';
import { radosgwAdmin } from '../services/rgw';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { checkRunBudgetMs } from './limits';
import { expectStep, next, openFresh, seedFinishedSetup, walkToBucketReady, type WizardHarness } from './wizard-setup';

const sidebar = (page: Page, title: string) => page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: new RegExp(`^${title}\\b`) });
const check = (page: Page, id: keyof typeof probeTitles) => page.locator('.check', { has: page.getByRole('heading', { name: probeTitles[id] }) });

/** Registered by wizard.spec.ts (one harness, one keychain draft, one test at a time). */
export function registerValidateTests(harness: () => WizardHarness): void {
  test('Validate: results stay after visiting another step; a summary line; re-running a check re-runs what rests on it; a fix opens its field', async ({ page }) => {
    test.setTimeout(420_000);
    const s3 = rgw();
    const uid = uniqueName('wizard-validate');
    const bucket = uniqueName('wizard-validate');
    // A user of its own, so its key can be taken away and given back while the wizard's config stays the same.
    const user = (await radosgwAdmin(s3, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as { keys: { access_key: string; secret_key: string }[] };
    const key = { id: user.keys[0]!.access_key, secret: user.keys[0]!.secret_key };
    try {
      await walkToBucketReady(page, harness().url, { endpoint: s3.httpEndpoint, region: s3.region, bucket, setupKey: key });
      await next(page);
      await page.getByLabel('Registry access key ID').fill(key.id);
      await page.getByLabel('Registry secret access key').fill(key.secret);
      await page.getByRole('button', { name: 'Store the key in the keychain' }).click();
      await expect(page.getByText('is in the OS keychain')).toBeVisible();
      await next(page);
      // Wait for the step: a second click sent before it renders lands on the IAM step's Next again.
      await expectStep(page, 'Storage form');
      await next(page);
      await expectStep(page, 'Validate');

      // The storage no longer knows the key: the credentials fail, and what rests on them is skipped.
      await radosgwAdmin(s3, ['key', 'rm', `--uid=${uid}`, `--access-key=${key.id}`]);
      await page.getByRole('button', { name: 'Run all checks' }).click();
      await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
      await expect(check(page, 'credentials').locator('.badge')).toHaveText('Failed');
      await expect(check(page, 'push').locator('.badge')).toHaveText('Skipped');
      const summary = page.locator('.summary-line');
      await expect(summary).toHaveText(new RegExp(`^\\d+ passed, (1 warning, )?1 failed, 5 skipped — fix “${probeTitles.credentials}” first; 5 skipped checks wait for it\\.$`));
      // A skipped check has no duration of its own; its evidence is in words, never the runner's keys.
      await expect(page.locator('.check.skipped')).toHaveCount(5);
      await expect(page.locator('.check.skipped .duration')).toHaveCount(0);
      await expect(page.locator('.checks')).not.toContainText('ownOutcome');
      await expect(page.locator('.checks')).not.toContainText('blockedBy');
      await check(page, 'push').getByText('Evidence').click();
      await expect(check(page, 'push')).toContainText(`“${probeTitles.credentials}” failed, and this check rests on it.`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-5-validate-failing');

      // The fix opens the field it is about.
      await check(page, 'credentials').locator('.diagnosis').getByRole('link').click();
      await expectStep(page, 'Storage form');
      await expect(page.getByLabel('AWS access key')).toBeFocused();
      // Back on Validate, the results are still there (the config did not change).
      await sidebar(page, 'Validate').click();
      await expectStep(page, 'Validate');
      await expect(check(page, 'credentials').locator('.badge')).toHaveText('Failed');
      await expect(summary).toContainText('1 failed, 5 skipped');

      // The key is back: re-running the credentials check re-runs the five that rest on it.
      await radosgwAdmin(s3, ['key', 'create', `--uid=${uid}`, '--key-type=s3', `--access-key=${key.id}`, `--secret-key=${key.secret}`]);
      const rerun = page.waitForResponse((response) => response.url().endsWith('/api/checks.run'), { timeout: checkRunBudgetMs });
      await page.getByRole('button', { name: `Re-run: ${probeTitles.credentials}` }).click();
      const answer = (await (await rerun).json()) as { value?: { probes: { id: string }[] } };
      expect(answer.value?.probes.map((p) => p.id).sort()).toEqual(['bucket-region', 'credentials', 'list', 'missing-key', 'pull', 'push']);
      await expect(page.locator('.check.skipped')).toHaveCount(0);
      await expect(page.locator('.check.fail')).toHaveCount(0);
      await expect(summary).toHaveText(/^10 passed|^\d+ passed, \d+ warnings? — the storage works as the registry uses it; Next is open\.$/);

      // A re-run from the bottom of the list brings the outcome into view.
      await page.getByRole('button', { name: `Re-run: ${probeTitles.pull}` }).click();
      await expect(page.getByRole('button', { name: `Re-run: ${probeTitles.pull}` })).toBeEnabled({ timeout: checkRunBudgetMs });
      await expect(summary).toBeInViewport();
      await screenshot(page, 'wizard-5-validate');
      await next(page);
      await expectStep(page, 'Client trust');
    } finally {
      await radosgwAdmin(s3, ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
    }
  });

  test('keyboard: locked steps are announced but are no tab stops; a step opens at its top', async ({ page }) => {
    await openFresh(page, harness().url);
    const bucketStep = sidebar(page, 'Bucket');
    await expect(bucketStep).toHaveAttribute('aria-disabled', 'true');
    await expect(bucketStep).toContainText('(not yet available)');
    // From Target, Tab skips the seven locked steps: the sidebar's next stop is "Start a new setup", then the form.
    const startOver = page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Start a new setup' });
    await sidebar(page, 'Target').focus();
    await page.keyboard.press('Tab');
    await expect(startOver).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('DTR URL')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(sidebar(page, 'Target')).toBeFocused();
    // The form is longer than the window: Next at its bottom leads to the next step's top.
    await page.setViewportSize({ width: 1000, height: 500 });
    await page.getByLabel('DTR URL').fill('https://dtr.example.com');
    await page.getByLabel('Storage endpoint URL').fill(rgw().httpEndpoint);
    await page.getByLabel('Setup access key ID').fill('AKIDEXAMPLE');
    await page.getByLabel('Setup secret access key').fill('not-a-real-secret');
    await page.getByRole('button', { name: 'Next', exact: true }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await next(page);
    await expectStep(page, 'Bucket');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  });

  test('arrow keys through the provider radios keep steps 3–8 available', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    // A finished setup, as the steps save it.
    await seedFinishedSetup(wizard, 'done', { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey }, {
      dtrUrl: 'https://dtr.example.com', dtrHost: 'dtr.example.com', profileName: 'arrows', exportedTo: '/tmp/arrows-bundle',
      // dtr.example.com cannot be verified from here: the client-trust step saved the explicit override.
      dtrCaOverrideFor: dtrTrustSubject('dtr.example.com', ''),
      config: { provider: 's3-compatible', region: s3.region, bucket: 'arrows-bucket', regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false },
    });
    await page.goto(wizard.url);
    await expectStep(page, 'Done');
    await sidebar(page, 'Target').click();
    await expectStep(page, 'Target');
    await page.getByLabel('S3-compatible service').focus();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByLabel('Amazon S3')).toBeChecked();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('S3-compatible service')).toBeChecked();
    await expect(page.getByLabel('Storage endpoint URL')).toHaveValue(s3.httpEndpoint);
    for (const title of ['IAM', 'Storage form', 'Validate', 'Client trust', 'Export', 'Done']) {
      await expect(sidebar(page, title), title).not.toHaveAttribute('aria-disabled', 'true');
    }
  });
}
