import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { api, openFresh, type WizardHarness } from './wizard-setup';

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerContinueTests(harness: () => WizardHarness): void {
  test('"continue a saved profile" makes the checks sign with that profile\'s key, not an older draft key', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    const name = uniqueName('continue');
    const keys = { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey };
    // (a copy: the SDK tags the credentials object it is given with `$source`)
    const owner = new S3Client({ region: s3.region, endpoint: s3.httpEndpoint, forcePathStyle: true, credentials: { ...keys } });
    await owner.send(new CreateBucketCommand({ Bucket: name }));
    owner.destroy();
    const storage = { provider: 's3-compatible', region: s3.region, bucket: name, regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: 'dtr' };
    const saved = await api(wizard, 'profiles.save', { profile: { name, storage }, secrets: { registry: keys } });
    expect(saved.error, JSON.stringify(saved.error)).toBeUndefined();
    // An older session left a wrong registry key in the draft.
    const stale = { accessKeyId: s3.accessKey, secretAccessKey: `${s3.secretKey}-stale` };
    expect((await api(wizard, 'wizard.saveDraftSecret', { role: 'registry', credentials: stale })).ok).toBe(true);

    await openFresh(page, wizard.url);
    await page.getByRole('button', { name: `Continue “${name}”` }).click();
    await expect(page.getByLabel('Storage endpoint URL')).toHaveValue(s3.httpEndpoint);

    // What the Validate step runs: the checks as the draft owner, with keys main reads from the keychain.
    const run = await api(wizard, 'checks.run', { config: storage, owner: '@wizard-draft' });
    expect(run.ok).toBe(true);
    const probes = (run.value as { probes: { id: string; status: string }[] }).probes;
    expect(probes.find((p) => p.id === 'credentials')?.status).toBe('pass');
    expect(probes.filter((p) => p.status === 'fail')).toEqual([]);
  });
}

/** Registered by wizard.spec.ts: the CA file comes through main's open dialog, from a button or the app menu. */
export function registerCaFileTests(harness: () => WizardHarness): void {
  test('"Open a CA file…" and File → Open CA Certificate… fill the root CA through main; a bad file says why', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    await openFresh(page, wizard.url);
    await page.getByLabel('Storage endpoint URL').fill(s3.httpsEndpoint);
    const ca = page.getByLabel('Root CA certificate of the endpoint (if private)');
    await expect(ca).toHaveValue('');

    // Cancelled dialog: nothing changes.
    await page.getByRole('button', { name: 'Open a CA file…' }).click();
    await expect(ca).toHaveValue('');

    wizard.choices.caFile = s3.caPath;
    await page.getByRole('button', { name: 'Open a CA file…' }).click();
    await expect(ca).toHaveValue(/-----BEGIN CERTIFICATE-----/);
    expect((await ca.inputValue()).trim()).toBe(s3.caPem.trim());
    await expect(page.getByText('Loaded ca.crt.')).toBeVisible();

    // Not a certificate: main refuses it with the shared PEM rule's message.
    const notPem = join(wizard.dir, 'not-a-ca.crt');
    writeFileSync(notPem, 'hello\n');
    wizard.choices.caFile = notPem;
    await page.getByRole('button', { name: 'Open a CA file…' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The CA file could not be opened' })).toBeVisible();

    // The app menu's command does the same (Electron sends it; the harness stands in).
    await ca.fill('');
    wizard.choices.caFile = s3.caPath;
    wizard.broadcast({ type: 'menu', command: 'open-ca-file' });
    await expect(page.getByText('Root CA certificate loaded from ca.crt.')).toBeVisible();
    expect((await ca.inputValue()).trim()).toBe(s3.caPem.trim());
    // The button's older error is gone now that the field holds a certificate again.
    await expect(page.getByRole('alert').filter({ hasText: 'The CA file could not be opened' })).toHaveCount(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-ca-file');
  });
}
