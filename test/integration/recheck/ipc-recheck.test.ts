import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract';
import { recheckReportSchema } from '../../../shared/recheck/report';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { scriptedNativeIntegration } from '../../../electron/ipc/native';
import { createProfileServices } from '../../../electron/services/profiles';
import { RecordingNotifier, createProfileRecheckScheduler } from '../../../electron/services/recheck';
import { createScheduleSettingsStore } from '../../../electron/services/recheck/schedule-settings';
import { radosgwAdmin } from '../../services/rgw';

// The re-check channels through the real handler table (as Electron main and the harness call them),
// and the app's scheduler on the real services: RGW, the keychain, profiles on disk.
const rgw = inject('rgw');
process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
const suffix = randomBytes(4).toString('hex');
const uid = `recheck-ipc-${suffix}`;
const bucket = `recheck-ipc-${suffix}`;
const name = `recheck-ipc-${suffix}`;
const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-recheck-ipc-'));
const reportPath = join(dataDir, 'report.md');
const services = createProfileServices({ dataDir });
const notifier = new RecordingNotifier();
const scheduler = createProfileRecheckScheduler(services, notifier);
const table = createHandlerTable({ profiles: services, native: scriptedNativeIntegration({ savePath: reportPath }), recheckScheduler: scheduler });
let keys: { accessKeyId: string; secretAccessKey: string };

async function call(channel: string, payload: unknown, events: ProgressEvent[] = []) {
  return dispatch(table, channel, payload, { emitProgress: (e) => events.push(e), signal: new AbortController().signal, operationId: 'op-1' });
}

beforeAll(async () => {
  const info = (await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`])) as { keys: { access_key: string; secret_key: string }[] };
  keys = { accessKeyId: info.keys[0]!.access_key, secretAccessKey: info.keys[0]!.secret_key };
  const owner = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: keys });
  await owner.send(new CreateBucketCommand({ Bucket: bucket }));
  owner.destroy();
  await services.profiles.save(
    { name, storage: { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, secure: false, forcepathstyle: true } },
    { registry: keys },
  );
});

afterAll(async () => {
  scheduler.stop();
  await services.profiles.delete(name, { force: true }).catch(() => undefined);
  await radosgwAdmin(rgw, ['user', 'rm', `--uid=${uid}`, '--purge-data']).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('recheck.* channels', () => {
  it('recheck.run streams a progress event per probe and records the run', async () => {
    const events: ProgressEvent[] = [];
    const outcome = await call('recheck.run', { name }, events);
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    const value = outcome.value as { passed: boolean; changes: unknown; run: { probes: unknown[] } };
    expect(value.passed).toBe(true);
    expect(value.changes).toBeNull();
    expect(value.run.probes).toHaveLength(10);
    const finished = events.filter((e) => e.status !== 'running').map((e) => e.step);
    expect(new Set(finished)).toEqual(new Set(['dns', 'tcp', 'tls', 'credentials', 'bucket-region', 'clock', 'missing-key', 'push', 'list', 'pull']));
    expect((await services.profiles.get(name)).recheckHistory).toHaveLength(1);
  });

  it('recheck.report renders JSON in the documented shape, and writes Markdown only to a path chosen in the save dialog', async () => {
    const json = await call('recheck.report', { name, format: 'json' });
    expect(json.ok).toBe(true);
    if (!json.ok) return;
    const { text, fileName } = json.value as { text: string; fileName: string };
    expect(recheckReportSchema.parse(JSON.parse(text)).history).toHaveLength(1);
    expect(fileName).toMatch(new RegExp(`^${name}-recheck-\\d{8}-\\d{4}\\.json$`));

    expect(await call('recheck.report', { name, format: 'markdown', path: reportPath })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
    expect(await call('dialog.chooseExportPath', { defaultName: 'report.md' })).toMatchObject({ ok: true, value: { canceled: false, path: reportPath } });
    expect(await call('recheck.report', { name, format: 'markdown', path: reportPath })).toMatchObject({ ok: true, value: { path: reportPath } });
    expect(readFileSync(reportPath, 'utf8')).toContain(`# Re-check report: ${name}`);
    expect(statSync(reportPath).mode & 0o777).toBe(0o600);
  });

  it('recheck.schedule.set keeps the interval on disk and refuses nonsense', async () => {
    expect(await call('recheck.schedule.get', {})).toMatchObject({ ok: true, value: { intervalMinutes: 0, nextRunAt: null } });
    const set = await call('recheck.schedule.set', { intervalMinutes: 30 });
    expect(set).toMatchObject({ ok: true, value: { intervalMinutes: 30 } });
    expect(createScheduleSettingsStore(dataDir).load()).toBe(30);
    expect(await call('recheck.schedule.set', { intervalMinutes: 2.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('recheck.schedule.set', { intervalMinutes: 100_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call('recheck.schedule.set', { intervalMinutes: 0 })).toMatchObject({ ok: true, value: { intervalMinutes: 0, nextRunAt: null } });
  });

  it('a corrupt schedule file means "off", it does not stop the app', () => {
    const other = mkdtempSync(join(tmpdir(), 'dtr-s3-recheck-corrupt-'));
    writeFileSync(join(other, 'recheck-schedule.json'), '{ not json');
    expect(createScheduleSettingsStore(other).load()).toBe(0);
    rmSync(other, { recursive: true, force: true });
  });
});

describe('the scheduler on the real services', () => {
  it('notifies once when the profile starts failing after its key is removed in RGW, not again while it keeps failing', async () => {
    await scheduler.runPass(); // still passing: no notification
    expect(notifier.sent).toEqual([]);
    await radosgwAdmin(rgw, ['key', 'rm', `--uid=${uid}`, `--access-key=${keys.accessKeyId}`]);
    await scheduler.runPass();
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ profile: name, title: `Storage check failing: ${name}` });
    expect(notifier.sent[0]!.body).toContain('credentials: pass -> fail (UNKNOWN_ACCESS_KEY) [regressed]');
    await scheduler.runPass();
    expect(notifier.sent).toHaveLength(1);
    expect(scheduler.status().lastErrors).toEqual([]);
    expect((await services.profiles.get(name)).recheckHistory.map((r) => r.status)).toEqual(['pass', 'pass', 'fail', 'fail']);
  });
});
