import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { rgw } from './fixtures';
import { openFresh, type WizardHarness } from './wizard-setup';

/** POST a contract channel to the harness, as the renderer's shim does. */
async function api(wizard: WizardHarness, channel: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const url = new URL(wizard.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${url.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerContinueTests(harness: () => WizardHarness): void {
  test('"continue a saved profile" makes the checks sign with that profile\'s key, not an older draft key', async ({ page }) => {
    const s3 = rgw();
    const wizard = harness();
    const name = `continue-${Date.now().toString(36)}`;
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
