import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Conf from 'conf';
import type { Options } from 'conf';
import { AppError, type AppErrorData } from '../../../shared/app-error';
import {
  APP_SETTINGS_NAME,
  appSettingsMigrations,
  appSettingsRootSchema,
  appSettingsSchema,
  compareVersions,
  type AppSettings,
  type LegacySettings,
  type SettingsMigration,
} from '../../../shared/app-settings';
import { appInfo } from '../app-info';
import { errnoOf, onDisk } from '../disk-fault';
import { ensurePrivateDir, quarantineFile, readBoundedFile } from '../private-files';
import { JsonDocumentFile } from '../profiles/json-file';

/** A settings file is a few hundred bytes; anything near this is not ours. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/** conf itself, or a subclass of it: electron-store in the Electron main process. */
export type SettingsStoreClass = new (options: Options<AppSettings>) => Conf<AppSettings>;

let processStoreClass: SettingsStoreClass | undefined;

/** conf pulls in ajv (about 0.3 s of CPU): loaded on first open, not when the CLI starts (Node ≥ 20.19 requires ESM synchronously). */
const loadConf = (): SettingsStoreClass => (createRequire(import.meta.url)('conf') as typeof import('conf')).default;

/** The Electron main process calls this once at start with electron-store; the CLI and the harness keep conf. */
export function useSettingsStoreClass(storeClass: SettingsStoreClass): void {
  processStoreClass = storeClass;
}

export interface AppSettingsStore {
  readonly path: string;
  get<K extends keyof AppSettings>(key: K): AppSettings[K];
  set<K extends keyof AppSettings>(key: K, value: NonNullable<AppSettings[K]>): void;
  /**
   * Why the file was moved aside (corrupt, from a newer version…) by this open or an earlier one in this
   * process, for a notice: the app opens it at start for the schedule and again when it provisions, and
   * each of them must be able to say so.
   */
  readonly problems: AppErrorData[];
  /** When it was first moved aside in this process (ISO time); undefined when it never was. */
  readonly movedAsideAt?: string;
}

/** Settings files moved aside in this process, by path. */
const movedAside = new Map<string, { problems: AppErrorData[]; at: string }>();

export interface OpenAppSettingsOptions {
  /** Defaults to the process's class (see useSettingsStoreClass). */
  storeClass?: SettingsStoreClass;
  /** Defaults to the app's version: conf runs the migrations up to it. */
  projectVersion?: string;
  migrations?: readonly SettingsMigration[];
}

/**
 * Open `<dataDir>/settings.json` with conf or electron-store, with our private-file guarantees around it:
 * folder 0700 and file 0600 whatever the umask (conf's writes are atomic: temp file, fsync, rename), a
 * bounded read of a regular file only, and a file that is corrupt, not this schema or from a newer version
 * moved aside with a notice instead of failing or, as conf would, silently downgraded.
 */
export function openAppSettings(dataDir: string, options: OpenAppSettingsOptions = {}): AppSettingsStore {
  const path = join(dataDir, `${APP_SETTINGS_NAME}.json`);
  const projectVersion = options.projectVersion ?? appInfo().version;
  const migrations = options.migrations ?? appSettingsMigrations;
  const StoreClass = options.storeClass ?? (processStoreClass ??= loadConf());
  const problems: AppErrorData[] = [];
  ensurePrivateDir(dataDir);
  const unusable = whyUnusable(path, projectVersion);
  if (unusable) problems.push(quarantine(path, unusable));

  const open = () =>
    onDisk(path, 'open', () => {
      // conf names the file by `configName`, electron-store by `name` (it overwrites configName): give both.
      const storeOptions = {
        cwd: dataDir,
        configName: APP_SETTINGS_NAME,
        name: APP_SETTINGS_NAME,
        projectVersion,
        schema: appSettingsSchema,
        rootSchema: appSettingsRootSchema,
        migrations: confMigrations(dataDir, migrations),
        configFileMode: 0o600,
        clearInvalidConfig: false,
        watch: false,
      } as unknown as Options<AppSettings>;
      return new StoreClass(storeOptions);
    });
  let store: Conf<AppSettings>;
  try {
    store = open();
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Not JSON after all (changed since the check), not this schema, or a migration that failed on it.
    problems.push(quarantine(path, 'it does not match the settings schema'));
    store = open();
  }

  /** conf reads the file on every get: a pipe or a huge file put there since would hang or swamp it. */
  function guard(action: string): void {
    onDisk(path, action, () => {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat && (!stat.isFile() || stat.size > MAX_SETTINGS_BYTES)) {
        throw new AppError({ code: 'FILE_NOT_REGULAR', message: `${path} is not a settings file any more (a folder, pipe or huge file), so it was not read.`, fix: `Move ${path} away; the app writes a new one.` });
      }
    });
  }
  function run<T>(action: string, work: () => T): T {
    guard(action);
    try {
      return onDisk(path, action, work);
    } catch (error) {
      if (error instanceof AppError || errnoOf(error)) throw error;
      throw new AppError({ code: 'PROFILE_FILE_CORRUPT', message: `${path} changed under the app and is not valid now, so it was left unchanged.`, fix: `Move ${path} away; the app writes a new one.`, cause: 'schema' });
    }
  }

  if (problems.length) {
    const before = movedAside.get(path);
    movedAside.set(path, { problems: [...(before?.problems ?? []), ...problems], at: before?.at ?? new Date().toISOString() });
  }
  const moved = movedAside.get(path);
  return {
    path,
    problems: moved?.problems ?? [],
    ...(moved ? { movedAsideAt: moved.at } : {}),
    get: (key) => run('read', () => store.get(key)),
    set(key, value) {
      ensurePrivateDir(dataDir);
      run('write', () => store.set(key, value));
    },
  };
}

/** Why an existing file cannot be opened as ours, or undefined when it can (or there is none). */
function whyUnusable(path: string, projectVersion: string): string | undefined {
  let read;
  try {
    read = readBoundedFile(path, MAX_SETTINGS_BYTES, 'settings file');
  } catch (error) {
    if (error instanceof AppError && (error.code === 'FILE_NOT_REGULAR' || error.code === 'FILE_TOO_LARGE')) return error.message;
    throw error;
  }
  if ('missing' in read) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(read.text);
  } catch {
    return read.text.trim() === '' ? 'it is empty' : 'it is not JSON';
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'it is not a JSON object';
  const written = (document as { __internal__?: { migrations?: { version?: unknown } } }).__internal__?.migrations?.version;
  if (typeof written === 'string' && compareVersions(written, projectVersion) > 0) {
    return `it was written by a newer version of the app (${written}; this is ${projectVersion})`;
  }
  return undefined;
}

function quarantine(path: string, why: string): AppErrorData {
  const aside = quarantineFile(path);
  return {
    code: 'SETTINGS_QUARANTINED',
    message: `The settings file could not be used (${why}); it was moved to ${aside} and the defaults apply.`,
    fix: 'Nothing to do. Delete the moved file once you no longer need what it held.',
  };
}

/** conf's shape (version → step), each step given the legacy files it asks for, read only when it runs. */
function confMigrations(dataDir: string, migrations: readonly SettingsMigration[]): Record<string, (store: Conf<AppSettings>) => void> {
  const readLegacy = (names: SettingsMigration['reads']): LegacySettings => {
    const legacy: LegacySettings = {};
    for (const name of names) {
      try {
        const document = new JsonDocumentFile(dataDir, name).read();
        if (document) legacy[name] = document;
      } catch {
        /* a legacy file that cannot be read carries nothing over; it is left where it is */
      }
    }
    return legacy;
  };
  return Object.fromEntries(
    migrations.map((step) => [step.version, (store: Conf<AppSettings>) => step.migrate(store, readLegacy(step.reads))]),
  );
}
