import { MAX_RECHECK_INTERVAL_MINUTES, recheckIntervalSchema } from './channels/recheck';

/**
 * The app's settings file, `<dataDir>/settings.json`: small values the app, the CLI and the harness share.
 * The main process opens it with electron-store, the CLI and the harness with conf (electron-store's base
 * class); both get this schema and these migrations, so each reads what the other wrote. Never a secret.
 */
export const APP_SETTINGS_NAME = 'settings';

// A type, not an interface: conf wants a Record<string, unknown>.
export type AppSettings = {
  recheck: { intervalMinutes: number };
  /** Proof for rollback (see provisioning/installation.ts): created on first use, never rewritten. */
  installation?: { id: string; createdAt: string };
};

export const installationIdPattern = /^[0-9a-f-]{36}$/;

/**
 * JSON Schema (conf validates with ajv): an allow-list at every level, so a stray key (a secret, a typo)
 * makes the file unusable instead of silently kept. `__internal__` is conf's own migration record.
 */
export const appSettingsSchema = {
  recheck: {
    type: 'object',
    properties: { intervalMinutes: { type: 'integer', minimum: 0, maximum: MAX_RECHECK_INTERVAL_MINUTES } },
    required: ['intervalMinutes'],
    additionalProperties: false,
    default: { intervalMinutes: 0 },
  },
  installation: {
    type: 'object',
    properties: { id: { type: 'string', pattern: installationIdPattern.source }, createdAt: { type: 'string' } },
    required: ['id', 'createdAt'],
    additionalProperties: false,
  },
  __internal__: { type: 'object' },
} as const;
export const appSettingsRootSchema = { additionalProperties: false } as const;

/** The part of a store a migration may touch (conf's `get`/`set`/`has`, dot paths allowed). */
export interface SettingsMigrationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
}

/** Files the settings file replaced; the service reads them for a migration that asks (shared/ reads no files). */
export type LegacySettingsFile = 'recheck-schedule' | 'installation';
export type LegacySettings = Partial<Record<LegacySettingsFile, Record<string, unknown>>>;

export interface SettingsMigration {
  /** The app version that introduced the step (conf keys migrations by the app's semver). */
  version: string;
  describe: string;
  reads: readonly LegacySettingsFile[];
  migrate(store: SettingsMigrationStore, legacy: LegacySettings): void;
}

/** A legacy file's interval is carried over only if the channel's own rule takes it. */
const isInterval = (value: unknown): value is number => recheckIntervalSchema.safeParse(value).success;

/** Every step that has shipped, oldest first. A value already in the store wins over a legacy file. */
export const appSettingsMigrations: readonly SettingsMigration[] = [
  {
    version: '0.1.0',
    describe: 'recheck-schedule.json and installation.json move into settings.json',
    reads: ['recheck-schedule', 'installation'],
    migrate(store, legacy) {
      const minutes = legacy['recheck-schedule']?.intervalMinutes;
      if (!store.has('recheck') && isInterval(minutes)) store.set('recheck', { intervalMinutes: minutes });
      const { id, createdAt } = legacy.installation ?? {};
      // Losing the id would make rollback keep what this installation created: carry it over exactly.
      if (!store.has('installation') && typeof id === 'string' && installationIdPattern.test(id)) {
        store.set('installation', { id, createdAt: typeof createdAt === 'string' ? createdAt : new Date(0).toISOString() });
      }
    },
  },
];

/** -1, 0 or 1 for two `x.y.z` versions; anything else compares as 0.0.0 (a marker we cannot read is no newer). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1) ?? ['0', '0', '0']).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  return 0;
}
