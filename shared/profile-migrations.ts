import { AppError } from './app-error';
import { PROFILE_SCHEMA_VERSION, findSecretFields, firstIssueText, profileSchema, type Profile } from './profile';

/**
 * Versioned documents (stored profiles and exported profile files) carry `schemaVersion`. Reading one
 * runs the migrations from its version up to the current one, step by step, then validates the result.
 * Stored files and imports take the same path, so an old export imports as well as an old store.
 */
export interface Migration {
  from: number;
  to: number;
  /** What changed, for the migration log and the tests. */
  describe: string;
  migrate(document: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Every profile schema version that has shipped, upgraded one step at a time. Version 1 is the first
 * shipped schema, so the list is empty: a change to the schema bumps PROFILE_SCHEMA_VERSION and adds
 * `{ from: 1, to: 2, ... }` here, with a test that reads a real version-1 file.
 */
export const profileMigrations: readonly Migration[] = [];

export interface MigrationOutcome {
  document: Record<string, unknown>;
  fromVersion: number;
  applied: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Upgrade a versioned document to `current`, or explain exactly why it cannot be read. */
export function runMigrations(
  raw: unknown,
  current: number,
  migrations: readonly Migration[],
  what = 'profile',
): MigrationOutcome {
  if (!isRecord(raw)) {
    throw new AppError({ code: 'PROFILE_INVALID', message: `The ${what} is not a JSON object.` });
  }
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new AppError({
      code: 'PROFILE_VERSION_MISSING',
      message: `The ${what} has no valid schemaVersion, so it cannot be upgraded safely.`,
      fix: `Export the ${what} again from the app that wrote it.`,
    });
  }
  if (version > current) {
    throw new AppError({
      code: 'PROFILE_FROM_NEWER_VERSION',
      message: `The ${what} was written by a newer version of this app (schema ${version}; this app reads up to ${current}).`,
      fix: 'Update DTR S3 Storage Assistant, then open it again. The file was left unchanged.',
    });
  }
  let document: Record<string, unknown> = structuredClone(raw);
  const applied: string[] = [];
  // Bounded: each step must raise the version, and there are at most `current` steps.
  for (let v = version; v < current; ) {
    const step = migrations.find((m) => m.from === v);
    if (!step || step.to <= v) {
      throw new AppError({
        code: 'PROFILE_NO_MIGRATION',
        message: `There is no upgrade from ${what} schema ${v} to ${current}.`,
        fix: 'Open the file with the app version that wrote it and export it again.',
      });
    }
    document = { ...step.migrate(document), schemaVersion: step.to };
    applied.push(`${step.from}→${step.to}: ${step.describe}`);
    v = step.to;
  }
  return { document, fromVersion: version, applied };
}

/** Read a stored or imported profile document of any shipped version into the current Profile. */
export function parseProfileDocument(
  raw: unknown,
  migrations: readonly Migration[] = profileMigrations,
): { profile: Profile; fromVersion: number; applied: string[] } {
  const { document, fromVersion, applied } = runMigrations(raw, PROFILE_SCHEMA_VERSION, migrations);
  const secretFields = findSecretFields(document);
  if (secretFields.length > 0) {
    throw new AppError({
      code: 'PROFILE_CONTAINS_SECRETS',
      message: `The profile contains secret fields (${secretFields.slice(0, 5).join(', ')}). Profiles never hold secrets.`,
      fix: 'Remove those fields from the file and enter the keys in the app; they are stored in the OS keychain.',
    });
  }
  const parsed = profileSchema.safeParse(document);
  if (!parsed.success) {
    throw new AppError({
      code: 'PROFILE_INVALID',
      message: `The profile is not valid: ${firstIssueText(parsed.error)}.`,
      fix: 'Correct the field named above, or export the profile again from the app.',
    });
  }
  return { profile: parsed.data, fromVersion, applied };
}
