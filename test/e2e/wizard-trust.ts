import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dtrCaOverrideText } from '../../shared/trust/dtr-ca-gate';
import { issueServerCert, makeCa } from '../services/tls-certs';
import { rgw, screenshot, seriousAccessibilityViolations, uniqueName } from './fixtures';
import { expectStep, next, pressNextAndHold, seedFinishedSetup, type WizardHarness } from './wizard-setup';

interface DtrLike {
  host: string;
  /** The CA that issued DTR's certificate (the server also sends it, as a self-signed root in its chain). */
  caPem: string;
  /** A CA that signed nothing DTR presents. */
  otherCaPem: string;
  close(): Promise<void>;
}

/** A DTR-like HTTPS host on 127.0.0.1: a throwaway root CA, a leaf for localhost, and the root sent in the chain. */
async function startDtrLike(dir: string): Promise<DtrLike> {
  const pki = join(dir, 'dtr-like-pki');
  const ca = await makeCa(pki, 'dtr-like');
  const other = await makeCa(pki, 'unrelated');
  const leaf = await issueServerCert(pki, 'dtr-like', { ca, sans: ['DNS:localhost', 'IP:127.0.0.1'], cn: 'localhost' });
  const server: Server = createServer({ cert: `${leaf.pem.trim()}\n${ca.pem}`, key: leaf.keyPem }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { host: `localhost:${port}`, caPem: ca.pem, otherCaPem: other.pem, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The steps before Client trust as they save their outcome (bucket, registry key, passed checks), then open Client trust. */
async function openTrustStep(page: Page, wizard: WizardHarness, dtr: DtrLike, dtrCaPem: string): Promise<string> {
  const s3 = rgw();
  const bucket = uniqueName('wizard-trust');
  await seedFinishedSetup(wizard, 'trust', { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey }, {
    dtrUrl: `https://${dtr.host}`, dtrHost: dtr.host, dtrCaPem, profileName: '',
    config: { provider: 's3-compatible', region: s3.region, bucket, regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: '/dtr' },
  });
  await page.goto(wizard.url);
  await expectStep(page, 'Client trust');
  return bucket;
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerTrustTests(harness: () => WizardHarness): void {
  test('a DTR CA that does not verify DTR blocks Next; "I know" lets you on and the README records it', async ({ page }) => {
    const wizard = harness();
    const dtr = await startDtrLike(wizard.dir);
    try {
      await openTrustStep(page, wizard, dtr, dtr.otherCaPem);
      // Refused before the check has answered and after: only a verified CA (or the override) opens the gate.
      await next(page);
      await expectStep(page, 'Client trust');
      const panel = page.getByRole('region', { name: "DTR's certificate" });
      await expect(panel).toContainText('Not verified');
      await next(page);
      await expectStep(page, 'Client trust');
      await expect(page.getByRole('button', { name: /Export/ })).toHaveAttribute('aria-disabled', 'true');
      // The diagnosis is the checks' own ({code, message, fix}), the field says why Next is refused.
      await expect(panel).toContainText('TLS_WRONG_CA');
      const field = page.getByLabel("DTR's CA certificate (optional)");
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-6-trust-dtr-ca-wrong');

      await page.getByLabel(dtrCaOverrideText(dtr.host)).check();
      await expect(field).not.toHaveAttribute('aria-invalid', 'true');
      await next(page);
      await expectStep(page, 'Export');
      await page.getByLabel('Profile name').fill(uniqueName('trust-override'));
      await page.getByRole('button', { name: 'Save the profile and write the bundle…' }).click();
      await expect(page.getByText(`Written to ${wizard.savePath}`)).toBeVisible({ timeout: 60_000 });
      const readme = readFileSync(join(wizard.savePath, 'README.md'), 'utf8');
      expect(readme).toContain("Warning: DTR's CA was not verified.");
      expect(readme).toContain(`“${dtrCaOverrideText(dtr.host)}”`);
      // The unverified CA is still what the user chose to ship.
      expect(readFileSync(join(wizard.savePath, 'trust', 'dtr-ca.crt'), 'utf8').trim()).toBe(dtr.otherCaPem.trim());
    } finally {
      await dtr.close();
    }
  });

  test('"Use the inspected root" puts the root DTR sent into the CA field, and then it verifies', async ({ page }) => {
    const wizard = harness();
    const dtr = await startDtrLike(wizard.dir);
    try {
      await openTrustStep(page, wizard, dtr, '');
      const panel = page.getByRole('region', { name: "DTR's certificate" });
      // No CA: the runtime's public roots alone do not verify a private CA.
      await expect(panel).toContainText('Not verified');
      await expect(panel).toContainText('TLS_UNKNOWN_CA');
      await expect(panel).toContainText('CN=dtr-like test CA');
      await page.getByRole('button', { name: 'Use the inspected root' }).click();
      await expect(panel).toContainText(`The CA a client gets verifies ${dtr.host}.`);
      const pasted = await page.getByLabel("DTR's CA certificate (optional)").inputValue();
      expect(pasted.replace(/\s+/g, '')).toBe(dtr.caPem.replace(/\s+/g, ''));
      await expect(page.getByLabel(dtrCaOverrideText(dtr.host))).toHaveCount(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-6-trust-dtr-ca-verified');
      await next(page);
      await expectStep(page, 'Export');
    } finally {
      await dtr.close();
    }
  });

  test("DTR's verdict arriving while Next is held moves nothing: the press and its release land on Next", async ({ page }) => {
    const wizard = harness();
    const dtr = await startDtrLike(wizard.dir);
    // DTR's check is held at the door until the test lets it through: the "Checking…" state stays put.
    let letThrough = (): void => undefined;
    const through = new Promise<void>((resolve) => (letThrough = resolve));
    await page.route('**/api/trust.verifyDtr', async (route) => {
      await through;
      await route.continue();
    });
    try {
      await openTrustStep(page, wizard, dtr, dtr.caPem);
      const panel = page.getByRole('region', { name: "DTR's certificate" });
      await expect(panel.getByRole('status')).toContainText(`Checking ${dtr.host}`);
      // A person's click that spans the answer: pressed while DTR is being checked, released once the
      // verdict, its chain and what trusts it are on the page. The mouse is held, so this state stays put.
      const held = await pressNextAndHold(page);
      letThrough();
      await expect(panel).toContainText(`The CA a client gets verifies ${dtr.host}.`);
      await expect(panel).toContainText('Trusted by the client');
      await held.expectUnmoved();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-6-trust-next-pinned');
      await held.release();
      await expectStep(page, 'Export');
    } finally {
      letThrough();
      await page.unroute('**/api/trust.verifyDtr');
      await dtr.close();
    }
  });
}
