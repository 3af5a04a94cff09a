import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { freePort } from '../services/ports';
import { makeCa } from '../services/tls-certs';
import { startSilentListener } from '../services/tls-fixtures';
import { rgw, screenshot, seriousAccessibilityViolations } from './fixtures';
import { openFresh, type WizardHarness } from './wizard-setup';

const run = promisify(execFile);

/** openssl's own SHA-256 fingerprint of a certificate file, shortened as the step shows it (first…last 4 bytes). */
async function shortFingerprintOf(certPath: string): Promise<string> {
  const { stdout } = await run('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  const bytes = (/Fingerprint=([0-9A-F:]+)/i.exec(stdout)?.[1] ?? '').split(':');
  expect(bytes).toHaveLength(32);
  return `${bytes.slice(0, 4).join(':')}…${bytes.slice(-4).join(':')}`;
}

async function fillTarget(page: Page, endpoint: string, caPem: string): Promise<void> {
  await page.getByLabel('Storage endpoint URL').fill(endpoint);
  if (endpoint.startsWith('https://')) await page.getByLabel('Root CA certificate of the endpoint (if private)').fill(caPem);
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerTargetProbeTests(harness: () => WizardHarness): void {
  test('Target probes the endpoint as soon as it and its CA are given: which CA was pasted, whether it verifies, with the fix', async ({ page }) => {
    test.setTimeout(180_000);
    const s3 = rgw();
    const wizard = harness();
    const other = await makeCa(join(wizard.dir, 'other-pki'), 'other');
    await openFresh(page, wizard.url);
    await page.getByLabel('DTR URL').fill('https://dtr.example.com');
    await page.getByLabel('S3-compatible service').check();
    const caGroup = page.getByRole('group', { name: 'The pasted CA certificate' });

    // RGW over HTTPS with its own CA: the CA is named as openssl names it, and it verifies RGW.
    await fillTarget(page, s3.httpsEndpoint, s3.caPem);
    await expect(caGroup).toContainText('Verifies', { timeout: 60_000 });
    await expect(caGroup).toContainText('This CA verifies the certificate chain 127.0.0.1');
    await expect(caGroup).toContainText('CN=throwaway rgw test CA, issued by CN=throwaway rgw test CA');
    await expect(caGroup).toContainText(`SHA-256 ${await shortFingerprintOf(s3.caPath)}`);
    // The test RGW's certificate lives 7 days: Validate's expiry warning, not an error.
    await expect(page.locator('.endpoint-probe')).toContainText('TLS handshake and certificate: The endpoint\'s certificate expires in');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-1-target-ca-verifies');

    // Another CA: named, does not verify, and the TLS check's diagnosis says why and what to do.
    await fillTarget(page, s3.httpsEndpoint, other.pem);
    await expect(caGroup).toContainText('Does not verify', { timeout: 60_000 });
    await expect(caGroup).toContainText(`CN=other test CA`);
    await expect(caGroup).toContainText(`SHA-256 ${await shortFingerprintOf(other.certPath)}`);
    const wrongCa = page.getByRole('alert').filter({ hasText: 'TLS handshake and certificate: failed' });
    await expect(wrongCa).toContainText("does not sign this endpoint's chain (issued by CN=throwaway rgw test CA)");
    await expect(wrongCa).toContainText('Fix: Paste the root CA that issued the endpoint');
    await expect(wrongCa).toContainText('Code: TLS_WRONG_CA');
    // The fix refers to the chain the endpoint presents: it is listed, certificate by certificate.
    const presented = page.getByRole('group', { name: 'The certificate chain the endpoint presents' });
    await expect(presented).toContainText('issued by CN=throwaway rgw test CA');
    await expect(presented.getByRole('listitem').first()).toContainText('SHA-256 ');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'wizard-1-target-ca-wrong');

    // Nothing on the port: the transport diagnosis, no CA verdict, and no region advice.
    await fillTarget(page, `https://127.0.0.1:${await freePort()}`, s3.caPem);
    const refused = page.getByRole('alert').filter({ hasText: 'Code: CONNECTION_REFUSED' });
    await expect(refused).toBeVisible({ timeout: 60_000 });
    await expect(refused).toContainText('Check the port in the endpoint URL');
    expect(await refused.textContent()).not.toMatch(/region/i);
    await expect(caGroup).toContainText('CN=throwaway rgw test CA');
    await expect(caGroup).not.toContainText(/verif/i);

    // A server that accepts and never answers holds the check open (no timing hope): Cancel ends it, quietly.
    const silent = await startSilentListener();
    try {
      await fillTarget(page, `https://127.0.0.1:${silent.port}`, s3.caPem);
      const probe = page.locator('.endpoint-probe');
      await probe.getByRole('button', { name: 'Cancel' }).click({ timeout: 60_000 });
      await expect(probe.getByRole('status')).toHaveText(`The check of 127.0.0.1:${silent.port} was cancelled; it runs again when the endpoint or its CA changes.`);
      await expect(page.getByRole('alert')).toHaveCount(0);
    } finally {
      await silent.close();
    }
  });
}
