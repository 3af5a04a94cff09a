import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import type { RunningHarness } from '../../electron/harness/server';

type HarnessModule = typeof import('../../electron/harness/index');
import { radosgwAdmin } from '../services/rgw';
import { probeIds } from '../../shared/checks';
import { rgw, screenshot, seriousAccessibilityViolations, useWorkerKeyring } from './fixtures';
import { checkRunBudgetMs } from './limits';

// The "Saved profiles" view in Chromium through the built harness, on a real RGW and the real keychain:
// re-check a profile (live progress, pass), rotate its key in RGW, re-check (fail, change highlighted),
// export the report (the browser shows it to copy), set the scheduled interval.
process.env.DTR_S3_ASSISTANT_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'recheck-e2e-data-'));
const harnessModule = pathToFileURL(join(process.cwd(), 'out', 'main', 'harness.js')).href;
const suffix = randomBytes(4).toString('hex');
const uid = `recheck-e2e-${suffix}`;
const name = `recheck-e2e-${suffix}`;
let harness: RunningHarness;
// The first re-check is held at the door of the real handler until the test has seen it running and
// releases it: a real run on a quiet machine is faster than any assertion. (Holding its bytes instead
// would race the probes' own 10 s timeouts on a loaded machine.)
let release: () => void;
const released = new Promise<void>((resolve) => (release = resolve));
let held = 0;
let keys: { accessKeyId: string; secretAccessKey: string };

test.beforeAll(async () => {
  const s3 = rgw();
  const info = (await radosgwAdmin(s3, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as { keys: { access_key: string; secret_key: string }[] };
  keys = { accessKeyId: info.keys[0]!.access_key, secretAccessKey: info.keys[0]!.secret_key };
  const owner = new S3Client({ region: s3.region, endpoint: s3.httpEndpoint, forcePathStyle: true, credentials: keys });
  await owner.send(new CreateBucketCommand({ Bucket: name }));
  owner.destroy();
  await useWorkerKeyring();
  const { startHarness, createHandlerTable } = (await import(harnessModule)) as HarnessModule;
  harness = await startHarness({
    handlers: (deps) => {
      const table = createHandlerTable(deps);
      return {
        ...table,
        'recheck.run': async (request, context) => {
          held += 1;
          await released;
          return table['recheck.run'](request, context);
        },
      };
    },
  });
});

test.afterAll(async () => {
  release();
  await harness?.close();
  await radosgwAdmin(rgw(), ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
});

test('re-check a saved profile, see the change after a key rotation, export the report, set the schedule', async ({ page }) => {
  test.setTimeout(360_000); // a budget: two runs, a report and the schedule took 240 s at load average 25
  const s3 = rgw();
  await page.goto(harness.url);
  const saved = await page.evaluate(
    ([profileName, endpoint, caPem, region, accessKeyId, secretAccessKey]) =>
      window.dtrApi.invoke('profiles.save', {
        profile: { name: profileName, storage: { provider: 's3-compatible', region, bucket: profileName, regionendpoint: endpoint, secure: true, forcepathstyle: true, ca: caPem, rootdirectory: '/dtr' } },
        secrets: { registry: { accessKeyId, secretAccessKey } },
      }),
    [name, s3.httpsEndpoint, s3.caPem, s3.region, keys.accessKeyId, keys.secretAccessKey] as const,
  );
  expect(saved.ok, JSON.stringify(saved)).toBe(true);

  try {
    await page.getByRole('button', { name: 'Saved profiles' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Saved profiles' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('Never');

    await page.getByRole('button', { name: `Re-check ${name}` }).click();
    // Held: the call has reached main, and the page shows it running (a second one cannot be started).
    await expect.poll(() => held).toBe(1);
    await expect(page.getByRole('progressbar', { name: 'Re-checking' })).toBeVisible();
    await expect(page.getByRole('button', { name: `Re-check ${name}` })).toBeDisabled();
    const probes = page.getByRole('list', { name: 'Probes' });
    await expect(probes.getByRole('listitem')).toHaveCount(probeIds.length);
    release();
    // The outcome, whenever it comes (a loaded machine can take a while): the first run's summary.
    await expect(page.getByText('This is the first recorded run')).toBeVisible({ timeout: checkRunBudgetMs });
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(probes.getByRole('listitem')).toHaveCount(probeIds.length);
    await expect(probes.getByRole('listitem').filter({ hasText: 'Credentials are accepted' })).toContainText('Passed');
    await expect(row).toContainText(/Passed|Warning/);

    // Rotate the key in RGW: the profile's stored key is now unknown there.
    await radosgwAdmin(s3, ['key', 'rm', `--uid=${uid}`, `--access-key=${keys.accessKeyId}`]);
    await radosgwAdmin(s3, ['key', 'create', `--uid=${uid}`, '--key-type=s3', '--gen-access-key', '--gen-secret']);
    await page.getByRole('button', { name: 'Re-check now' }).click();
    // Only the finished second run marks a change (a live run shows no tags), so this waits for its outcome.
    const credentials = probes.getByRole('listitem').filter({ hasText: 'Credentials are accepted' });
    await expect(credentials).toContainText('regressed (was pass)', { timeout: checkRunBudgetMs });
    await expect(credentials).toContainText('Failed');
    await expect(credentials).toContainText('UNKNOWN_ACCESS_KEY');
    await expect(page.getByRole('status').filter({ hasText: 'Changed since the run before' })).toContainText('(started failing)');
    await expect(page.getByText('credentials: pass -> fail (UNKNOWN_ACCESS_KEY) [regressed]')).toBeVisible();
    const history = page.getByRole('table').filter({ has: page.getByText('Runs, newest first') });
    await expect(history.getByRole('row')).toHaveCount(3);
    await expect(history.locator('td.changed')).toHaveCount(6); // credentials failed, the five probes resting on it skipped
    await expect(row).toContainText('Failed');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'recheck-1-changed');

    await page.getByRole('button', { name: 'Export report (Markdown)' }).click();
    const report = page.getByRole('figure').filter({ hasText: `${name}-recheck-` });
    await expect(report).toContainText(`# Re-check report: ${name}`);
    await expect(report).toContainText('Run status: warn -> fail (**started failing**).');
    await expect(report).not.toContainText(keys.secretAccessKey);

    await page.getByLabel('Interval in minutes (0 = off)').fill('15');
    await page.getByRole('button', { name: 'Save interval' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Every 15 minutes' })).toContainText('Saved.');
    await page.getByLabel('Interval in minutes (0 = off)').fill('2.5');
    await expect(page.getByText('Enter a whole number of minutes')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save interval' })).toBeDisabled();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'recheck-2-report-schedule');
  } finally {
    await page.evaluate(() => window.dtrApi.invoke('recheck.schedule.set', { intervalMinutes: 0 }));
    await page.evaluate((profileName) => window.dtrApi.invoke('profiles.delete', { name: profileName, force: true }), name);
  }
});
