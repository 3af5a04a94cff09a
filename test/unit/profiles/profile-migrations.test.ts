import { describe, expect, it } from 'vitest';
import {
  parseProfileDocument,
  profileMigrations,
  runMigrations,
  type Migration,
} from '../../../shared/profile-migrations';
import { PROFILE_SCHEMA_VERSION } from '../../../shared/profile';

const v1 = {
  schemaVersion: 1,
  name: 'lab',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  storage: { provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-lab', regionendpoint: 'https://rgw.lab:7480' },
};

describe('the shipped migrations', () => {
  it('cover every shipped version up to the current one, one step at a time', () => {
    // Version 1 is the first shipped schema. Bumping PROFILE_SCHEMA_VERSION without a migration fails here.
    for (let version = 1; version < PROFILE_SCHEMA_VERSION; version++) {
      const step = profileMigrations.find((m) => m.from === version);
      expect(step, `migration from ${version}`).toBeDefined();
      expect(step?.to).toBe(version + 1);
    }
    expect(profileMigrations.every((m) => m.to <= PROFILE_SCHEMA_VERSION)).toBe(true);
  });

  it('read a version-1 profile as the current profile', () => {
    const { profile, fromVersion } = parseProfileDocument(v1);
    expect(fromVersion).toBe(1);
    expect(profile.schemaVersion).toBe(PROFILE_SCHEMA_VERSION);
    expect(profile.storage.regionendpoint).toBe('https://rgw.lab:7480');
  });

  it.each([
    ['a newer version', { ...v1, schemaVersion: PROFILE_SCHEMA_VERSION + 1 }, 'PROFILE_FROM_NEWER_VERSION'],
    ['no version', { ...v1, schemaVersion: undefined }, 'PROFILE_VERSION_MISSING'],
    ['a string version', { ...v1, schemaVersion: '1' }, 'PROFILE_VERSION_MISSING'],
    ['not an object', [v1], 'PROFILE_INVALID'],
    ['an invalid field', { ...v1, storage: { ...v1.storage, provider: 'gcs' } }, 'PROFILE_INVALID'],
    ['a secret', { ...v1, storage: { ...v1.storage, secretkey: 'abc' } }, 'PROFILE_CONTAINS_SECRETS'],
  ])('refuse %s with a clear error', (_what, document, code) => {
    expect(() => parseProfileDocument(document)).toThrow(expect.objectContaining({ code }));
  });

  it('never echoes a secret value in its error', () => {
    try {
      parseProfileDocument({ ...v1, storage: { ...v1.storage, secretkey: 'S3CR3T-VALUE' } });
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('S3CR3T-VALUE');
      expect((error as Error).message).not.toContain('S3CR3T-VALUE');
      expect((error as Error).message).toContain('storage.secretkey');
    }
  });
});

describe('the migration runner', () => {
  // A three-version history, as the runner will see one once the schema changes.
  const chain: Migration[] = [
    { from: 1, to: 2, describe: 'rename bucketName to bucket', migrate: ({ bucketName, ...rest }) => ({ ...rest, bucket: bucketName }) },
    { from: 2, to: 3, describe: 'add history', migrate: (d) => ({ ...d, history: [] }) },
  ];

  it('applies each step in order and leaves the input untouched', () => {
    const input = { schemaVersion: 1, bucketName: 'b' };
    const outcome = runMigrations(input, 3, chain);
    expect(outcome.document).toEqual({ schemaVersion: 3, bucket: 'b', history: [] });
    expect(outcome.fromVersion).toBe(1);
    expect(outcome.applied).toEqual(['1→2: rename bucketName to bucket', '2→3: add history']);
    expect(input).toEqual({ schemaVersion: 1, bucketName: 'b' });
  });

  it('starts from the middle of the chain', () => {
    expect(runMigrations({ schemaVersion: 2, bucket: 'b' }, 3, chain).applied).toEqual(['2→3: add history']);
  });

  it('stops at a gap, and at a step that does not move forward', () => {
    expect(() => runMigrations({ schemaVersion: 1 }, 3, [chain[1]!])).toThrow(
      expect.objectContaining({ code: 'PROFILE_NO_MIGRATION' }),
    );
    const stuck: Migration = { from: 1, to: 1, describe: 'loops', migrate: (d) => d };
    expect(() => runMigrations({ schemaVersion: 1 }, 3, [stuck])).toThrow(expect.objectContaining({ code: 'PROFILE_NO_MIGRATION' }));
  });
});
