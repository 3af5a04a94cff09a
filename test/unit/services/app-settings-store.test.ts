import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { appSettingsMigrations, type SettingsMigration } from '../../../shared/app-settings';
import { openAppSettings, type SettingsStoreClass } from '../../../electron/services/settings/app-settings-store';
import { installationNotices, openInstallation } from '../../../electron/services/provisioning/installation';
import { RecordingNotifier } from '../../../electron/services/recheck/notifier';
import { createScheduleSettingsStore } from '../../../electron/services/recheck/schedule-settings';
import { createRecheckScheduler } from '../../../electron/services/recheck/scheduler';

// electron-store imports 'electron'. Outside Electron that package only resolves the binary's path, and with
// no binary on this machine it would try to download one; ELECTRON_OVERRIDE_DIST_PATH (Electron's own
// variable) makes it return a path with no download. electron-store then runs its non-Electron branch, which
// takes the absolute cwd and the version the service always passes: the real class, no fake `app`.
process.env.ELECTRON_OVERRIDE_DIST_PATH = join(tmpdir(), 'no-electron-binary');
const { default: ElectronStore } = await import('electron-store');
const electronStore = ElectronStore as unknown as SettingsStoreClass;
const conf = Conf as SettingsStoreClass;

// A budget, not a wait: every open compiles conf's schema with ajv and writes through fsync. Beside two CI
// runs and a soak (load average about 8 on 2 cores) a test that opens the file five times took 5.4 s.
vi.setConfig({ testTimeout: 30_000 });

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-s3-settings-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const onDisk = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
const id = '0b7e7d2c-6b7a-4e0f-9a51-3f0c2f4d9e11';
const pairs = [
  { one: 'conf', first: conf, other: 'electron-store', second: electronStore },
  { one: 'electron-store', first: electronStore, other: 'conf', second: conf },
];
const classes = [
  { name: 'conf', storeClass: conf },
  { name: 'electron-store', storeClass: electronStore },
];

describe('conf (CLI, harness) and electron-store (main) on one settings file', () => {
  it.each(pairs)('$one writes, $other reads it back, and the other way round', ({ first: writer, second: reader }) => {
    const dataDir = fresh();
    openAppSettings(dataDir, { storeClass: writer }).set('recheck', { intervalMinutes: 30 });
    const other = openAppSettings(dataDir, { storeClass: reader });
    expect(other.get('recheck')).toEqual({ intervalMinutes: 30 });
    other.set('installation', { id, createdAt: '2026-11-30T00:00:00.000Z' });
    expect(openAppSettings(dataDir, { storeClass: writer }).get('installation')).toEqual({ id, createdAt: '2026-11-30T00:00:00.000Z' });
    // One file, named the same by both (electron-store would otherwise call it config.json).
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
    expect(onDisk(dataDir)).toMatchObject({ recheck: { intervalMinutes: 30 }, installation: { id }, __internal__: { migrations: { version: '0.1.0' } } });
  });

  it.each(pairs)('$one runs the 0.1.0 migration (the legacy files), $other reads the result', ({ first: migrator, second: reader }) => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, 'recheck-schedule.json'), JSON.stringify({ intervalMinutes: 45 }));
    writeFileSync(join(dataDir, 'installation.json'), JSON.stringify({ id, createdAt: '2026-01-01T00:00:00.000Z' }));
    openAppSettings(dataDir, { storeClass: migrator });
    const settings = openAppSettings(dataDir, { storeClass: reader });
    expect(settings.get('recheck')).toEqual({ intervalMinutes: 45 });
    expect(settings.get('installation')?.id).toBe(id);
    // Through the services that used those files: rollback's proof survives the move.
    expect(openInstallation(dataDir)).toEqual({ id, problems: [], renewed: false });
    expect(createScheduleSettingsStore(dataDir).load()).toBe(45);
  });

  it.each(pairs)('a later step added by $one at 0.2.0 runs once; $other at 0.1.0 then sees a newer file and moves it aside', ({ first: newer, second: older }) => {
    const dataDir = fresh();
    openAppSettings(dataDir, { storeClass: older }).set('recheck', { intervalMinutes: 10 });
    const doubled: SettingsMigration = {
      version: '0.2.0',
      describe: 'test step: doubles the interval',
      reads: [],
      migrate: (store) => store.set('recheck', { intervalMinutes: 2 * (store.get('recheck.intervalMinutes') as number) }),
    };
    const upgrade = { storeClass: newer, projectVersion: '0.2.0', migrations: [...appSettingsMigrations, doubled] };
    expect(openAppSettings(dataDir, upgrade).get('recheck')).toEqual({ intervalMinutes: 20 });
    expect(openAppSettings(dataDir, upgrade).get('recheck')).toEqual({ intervalMinutes: 20 }); // not twice
    const downgraded = openAppSettings(dataDir, { storeClass: older });
    expect(downgraded.problems).toEqual([expect.objectContaining({ code: 'SETTINGS_QUARANTINED', message: expect.stringContaining('newer version of the app (0.2.0; this is 0.1.0)') })]);
    expect(downgraded.get('recheck')).toEqual({ intervalMinutes: 0 });
    expect(readdirSync(dataDir).filter((f) => f.startsWith('settings.json.quarantined-'))).toHaveLength(1);
  });
});

describe('the private-file guarantees hold around conf and electron-store', () => {
  it.each(classes)('$name: folder 0700 and file 0600 under umask 000, an existing 0755 folder tightened', ({ storeClass }) => {
    const old = process.umask(0);
    try {
      for (const existing of [false, true]) {
        const dataDir = join(fresh(), 'nested', 'data');
        if (existing) mkdirSync(dataDir, { recursive: true, mode: 0o755 });
        openAppSettings(dataDir, { storeClass }).set('recheck', { intervalMinutes: 5 });
        const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
        expect([mode(dataDir), mode(join(dataDir, 'settings.json'))]).toEqual(['700', '600']);
        expect(readdirSync(dataDir)).toEqual(['settings.json']); // no temp file left behind
      }
    } finally {
      process.umask(old);
    }
  });

  it.each([
    ['empty', () => ''],
    ['not JSON', () => '{ "recheck": '],
    ['not this schema (a stray key)', () => JSON.stringify({ recheck: { intervalMinutes: 5 }, secretAccessKey: 'x' })],
    ['not this schema (a bad value)', () => JSON.stringify({ recheck: { intervalMinutes: -1 } })],
  ])('a settings file that is %s is moved aside with a notice; both classes go on with defaults', (_, text) => {
    for (const { storeClass } of classes) {
      const dataDir = fresh();
      writeFileSync(join(dataDir, 'settings.json'), text());
      const settings = openAppSettings(dataDir, { storeClass });
      expect(settings.problems).toEqual([expect.objectContaining({ code: 'SETTINGS_QUARANTINED' })]);
      expect(settings.get('recheck')).toEqual({ intervalMinutes: 0 });
      expect(readdirSync(dataDir).filter((f) => f.startsWith('settings.json.quarantined-'))).toHaveLength(1);
    }
  });

  it('a pipe in place of the file is moved aside at open, and refused (not read, no hang) when it appears later', () => {
    const dataDir = fresh();
    const path = join(dataDir, 'settings.json');
    execFileSync('mkfifo', [path]);
    const settings = openAppSettings(dataDir, { storeClass: conf });
    expect(settings.problems).toEqual([expect.objectContaining({ code: 'SETTINGS_QUARANTINED', message: expect.stringContaining('not a regular file') })]);
    rmSync(path);
    execFileSync('mkfifo', [path]);
    expect(() => settings.get('recheck')).toThrow(expect.objectContaining({ code: 'FILE_NOT_REGULAR' }));
    expect(existsSync(path)).toBe(true);
  });
});

describe('a settings file moved aside is said, not swallowed, wherever it is opened next', () => {
  const scheduleOn = (dataDir: string, settings = createScheduleSettingsStore(dataDir)) =>
    createRecheckScheduler({ listProfiles: async () => [], recheck: () => Promise.reject(new Error('no profiles')), notifier: new RecordingNotifier(), settings });

  it('the schedule says why its interval is off; provisioning, opening the file later in the same process, says its id is new', () => {
    const dataDir = fresh();
    const old = openInstallation(dataDir);
    expect(old).toMatchObject({ problems: [], renewed: false });
    createScheduleSettingsStore(dataDir).save(30);
    writeFileSync(join(dataDir, 'settings.json'), '{ "recheck": ');

    const scheduler = scheduleOn(dataDir);
    expect(scheduler.status().settingsProblems).toEqual([]); // creating the scheduler does not open the file
    expect(scheduler.start()).toMatchObject({
      intervalMinutes: 0,
      settingsProblems: [{ code: 'SETTINGS_QUARANTINED', message: expect.stringMatching(/\(it is not JSON\); it was moved to .*settings\.json\.quarantined-/) }],
    });

    const renewed = openInstallation(dataDir);
    expect(renewed.id).not.toBe(old.id);
    expect(renewed).toMatchObject({ renewed: true, problems: [{ code: 'SETTINGS_QUARANTINED' }] });
    expect(installationNotices(renewed)).toEqual([expect.stringContaining("This installation's id is new, so rollback keeps what earlier runs created")]);
    // A second run in the same process is told too, with the same id.
    expect(openInstallation(dataDir)).toMatchObject({ id: renewed.id, renewed: true });
  });

  it('an id carried over from installation.json after the move is not new, and the notice does not say it is', () => {
    const dataDir = fresh();
    writeFileSync(join(dataDir, 'installation.json'), JSON.stringify({ id, createdAt: '2026-01-01T00:00:00.000Z' }));
    writeFileSync(join(dataDir, 'settings.json'), '');
    const installation = openInstallation(dataDir);
    expect(installation).toMatchObject({ id, renewed: false, problems: [{ code: 'SETTINGS_QUARANTINED', message: expect.stringContaining('it is empty') }] });
    expect(installationNotices(installation)).toEqual([installation.problems[0]?.message]);
  });

  it('a file that cannot be read once open (a pipe put in its place): the interval reads as off and the status says why', () => {
    const dataDir = fresh();
    const settings = createScheduleSettingsStore(dataDir);
    settings.save(20);
    const scheduler = scheduleOn(dataDir, settings);
    expect(scheduler.start()).toMatchObject({ intervalMinutes: 20, settingsProblems: [] });
    rmSync(join(dataDir, 'settings.json'));
    execFileSync('mkfifo', [join(dataDir, 'settings.json')]);
    expect(scheduler.start()).toMatchObject({ intervalMinutes: 0, settingsProblems: [{ code: 'FILE_NOT_REGULAR', fix: expect.stringContaining('settings.json away') }] });
    // Once the interval can be saved again, the notice goes.
    rmSync(join(dataDir, 'settings.json'));
    expect(scheduler.setIntervalMinutes(15)).toMatchObject({ intervalMinutes: 15, settingsProblems: [] });
  });
});
