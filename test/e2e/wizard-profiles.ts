import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { checkRunBudgetMs } from './limits';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { api, expectStep, next, openFresh, type WizardHarness } from './wizard-setup';

interface SavedProfile { storage: { rootdirectory: string }; recheckHistory: { status: string; source?: string }[] }

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). Issue 15: saving over a profile, starting over. */
export function registerProfileTests(harness: () => WizardHarness): void {
  test('continue a saved profile says what was loaded; saving over it asks first, naming what changes; the passing Validate run joins its history', async ({ page }) => {
    test.setTimeout(360_000);
    const s3 = rgw();
    const wizard = harness();
    const name = uniqueName('overwrite');
    const keys = { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey };
    const owner = new S3Client({ region: s3.region, endpoint: s3.httpEndpoint, forcePathStyle: true, credentials: { ...keys } });
    await owner.send(new CreateBucketCommand({ Bucket: name }));
    owner.destroy();
    const storage = { provider: 's3-compatible', region: s3.region, bucket: name, regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: 'dtr' };
    // dtr.example.com cannot be verified from here: the profile carries the client-trust step's explicit override.
    const profile = { name, storage, clientTrust: { dtrHost: 'dtr.example.com', mode: 'ca', dtrCaPem: '', dtrCaUnverified: true } };
    expect((await api(wizard, 'profiles.save', { profile, secrets: { registry: keys, setup: keys } })).ok).toBe(true);
    // The door itself refuses an overwrite nobody confirmed, and says what it would change.
    const refused = await api(wizard, 'profiles.save', { profile: { ...profile, storage: { ...storage, rootdirectory: 'other' } } });
    expect(refused.error).toMatchObject({ code: 'PROFILE_EXISTS', message: expect.stringContaining('rootdirectory: dtr → other') });

    try {
      await openFresh(page, wizard.url);
      await page.getByRole('button', { name: `Continue “${name}”` }).click();
      const loaded = page.getByRole('status').filter({ hasText: `Loaded the saved profile “${name}”` });
      await expect(loaded).toContainText(`bucket ${name}`);
      await expect(loaded).toContainText(`the registry key ${s3.accessKey} from the keychain`);
      await expect(loaded).toContainText('You are on step 1, Target');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-continue-feedback');

      await page.getByRole('button', { name: 'Storage form' }).click();
      await expectStep(page, 'Storage form');
      await page.getByRole('textbox', { name: 'Root directory' }).fill('dtr2');
      await next(page);
      await expectStep(page, 'Validate');
      await page.getByRole('button', { name: 'Run all checks' }).click();
      await expect(page.getByRole('button', { name: 'Run all checks again' })).toBeEnabled({ timeout: checkRunBudgetMs });
      await expect(page.locator('.check.fail')).toHaveCount(0);
      await next(page);
      await expectStep(page, 'Client trust');
      await next(page);
      await expectStep(page, 'Export');
      await expect(page.getByLabel('Profile name')).toHaveValue(name);

      const saveButton = page.getByRole('button', { name: 'Save the profile and write the bundle…' });
      await saveButton.click();
      const question = page.getByRole('dialog', { name: `Replace the saved profile “${name}”?` });
      await expect(question.getByRole('list', { name: 'What changes' })).toContainText('rootdirectory: dtr → dtr2');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-7-export-overwrite-asks');
      // No: nothing is written.
      await question.getByRole('button', { name: 'Cancel' }).click();
      await expect(question).toHaveCount(0);
      const kept = (await api(wizard, 'profiles.get', { name })).value as SavedProfile;
      expect(kept.storage.rootdirectory).toBe('dtr');
      expect(kept.recheckHistory).toEqual([]);

      await saveButton.click();
      await question.getByRole('button', { name: `Replace “${name}”` }).click();
      await expect(page.getByText(`Written to ${wizard.savePath}`)).toBeVisible({ timeout: checkRunBudgetMs });
      const replaced = (await api(wizard, 'profiles.get', { name })).value as SavedProfile;
      expect(replaced.storage.rootdirectory).toBe('dtr2');
      // The wizard's own passing run, recorded in main, is the profile's first history entry.
      expect(replaced.recheckHistory).toHaveLength(1);
      expect(replaced.recheckHistory[0]).toMatchObject({ source: 'wizard', status: expect.stringMatching(/^(pass|warn)$/) });

      await page.getByRole('button', { name: 'Saved profiles' }).click();
      await page.getByRole('button', { name: `Show ${name}` }).click();
      await expect(page.getByRole('region', { name: 'Run history' })).toContainText('Wizard (Validate)');
    } finally {
      await api(wizard, 'profiles.delete', { name, force: true });
    }
  });

  test('"Start a new setup" asks first, clears the draft and its keys, and leaves saved profiles alone', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    const name = uniqueName('kept');
    const storage = { provider: 's3-compatible', region: s3.region, bucket: name, regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false };
    expect((await api(wizard, 'profiles.save', { profile: { name, storage } })).ok).toBe(true);
    try {
      await openFresh(page, wizard.url);
      await page.getByLabel('DTR URL').fill('https://dtr.example.com');
      await page.getByLabel('Setup access key ID').fill(s3.accessKey);
      await page.getByLabel('Setup secret access key').fill(s3.secretKey);
      await page.getByLabel('DTR URL').click(); // the secret field loses focus: the key goes to the keychain draft
      await expect.poll(async () => ((await api(wizard, 'wizard.loadState', {})).value as { keys: { setup?: unknown } }).keys.setup).toBeDefined();

      const start = page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Start a new setup' });
      await start.click();
      const question = page.getByRole('dialog', { name: 'Start a new setup?' });
      await expect(question).toContainText('Saved profiles');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-start-new-setup');
      await question.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByLabel('DTR URL')).toHaveValue('https://dtr.example.com');

      await start.click();
      await question.getByRole('button', { name: 'Clear the draft and start over' }).click();
      await expect(page.getByLabel('DTR URL')).toHaveValue('');
      await expectStep(page, 'Target');
      const state = (await api(wizard, 'wizard.loadState', {})).value as { state?: { values: { dtrUrl?: string } }; keys: Record<string, unknown> };
      expect(state.keys).toEqual({});
      expect(state.state?.values.dtrUrl ?? '').toBe('');
      const listed = (await api(wizard, 'profiles.list', {})).value as { profiles: { name: string }[] };
      expect(listed.profiles.map((p) => p.name)).toContain(name);
    } finally {
      await api(wizard, 'profiles.delete', { name, force: true });
    }
  });
}
