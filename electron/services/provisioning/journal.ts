import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/app-error';
import type { Provider } from '../../../shared/storage-config';
import { checkBucketName } from '../../../shared/validation/bucket-name';
import { onDisk } from '../disk-fault';
import { quarantineFile, readBoundedFile, writePrivateFileAtomic } from '../private-files';

/**
 * The journal of provisioning steps. It records what exists and, above all, what THIS tool created, so
 * a re-run adopts instead of duplicating and rollback deletes only our own resources. An `intent` is
 * written before every creating call: after a crash between the call and its `done` entry, the next run
 * finds the resource and knows it was ours. It never holds a secret (only key ids).
 */
export const stepIds = [
  'bucket',
  'public-access-block',
  'encryption',
  'lifecycle',
  'iam-user',
  'iam-policy',
  'access-key',
  'verify',
] as const;
export type StepId = (typeof stepIds)[number];

export const stepOutcomeSchema = z.enum(['created', 'adopted', 'updated', 'unchanged', 'skipped', 'verified', 'warn']);
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

const stepRecordSchema = z.object({
  phase: z.enum(['intent', 'done']),
  outcome: stepOutcomeSchema.optional(),
  /** True when this tool created the resource (rollback may delete it). */
  createdByUs: z.boolean().default(false),
  /** access-key intent: the key ids that existed before our CreateAccessKey call. */
  keysBefore: z.array(z.string()).optional(),
  accessKeyId: z.string().optional(),
  userArn: z.string().optional(),
  /** Bucket settings: what this tool wanted when it applied it (to tell a user's change from a new wish). */
  applied: z.string().max(1000).optional(),
  at: z.string(),
});
export type StepRecord = z.infer<typeof stepRecordSchema>;

export const journalSchema = z.object({
  version: z.literal(1),
  /** The installation that wrote it (installation.ts): rollback acts only on its own installation's journals. */
  installationId: z.string().optional(),
  target: z.object({
    bucket: z.string(),
    region: z.string(),
    endpoint: z.string(),
    iamUser: z.string().optional(),
    policyName: z.string().optional(),
  }),
  steps: z.partialRecord(z.enum(stepIds), stepRecordSchema),
  /** Access keys this tool created and has not deleted (rollback deletes them). */
  createdKeyIds: z.array(z.string()).default([]),
  /** Pre-existing keys deleted to make room under IAM's 2-key limit (cannot be restored). */
  deletedKeyIds: z.array(z.string()).default([]),
});
export type Journal = z.infer<typeof journalSchema>;

export interface JournalStore {
  load(): Promise<Journal | undefined>;
  /** Must be atomic: after a crash, load() returns either the old or the new journal, never a torn one. */
  save(journal: Journal): Promise<void>;
  clear(): Promise<void>;
}

/** A journal is a few KiB; anything larger is not one. */
const MAX_JOURNAL_BYTES = 1024 * 1024;

/** A JSON file, replaced atomically and privately (see private-files.ts). */
export class JsonFileJournalStore implements JournalStore {
  constructor(readonly path: string) {}

  async load(): Promise<Journal | undefined> {
    const read = readBoundedFile(this.path, MAX_JOURNAL_BYTES, 'provisioning journal');
    if ('missing' in read) return undefined;
    let parsed: ReturnType<typeof journalSchema.safeParse> | undefined;
    try {
      parsed = journalSchema.safeParse(JSON.parse(read.text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) return parsed.data;
    // Unusable (corrupt, empty, another shape): moved aside so the next run is not blocked by it, and
    // said loudly, since what it listed as created must now be checked by hand.
    const aside = quarantineFile(this.path);
    throw new AppError({
      code: 'JOURNAL_INVALID',
      message: `The provisioning journal ${this.path} is not valid; it was moved to ${aside}.`,
      fix: 'Check the bucket and IAM user it was for by hand (the moved file may still name them), then run again.',
    });
  }

  async save(journal: Journal): Promise<void> {
    writePrivateFileAtomic(this.path, `${JSON.stringify(journal, null, 2)}\n`);
  }

  async clear(): Promise<void> {
    onDisk(this.path, 'delete', () => rmSync(this.path, { force: true }));
  }
}

/**
 * The wizard draft's journal file (no profile yet): one per endpoint and bucket under
 * <dataDir>/provisioning. The bucket must pass the shared bucket-name rule and the path must stay inside
 * that folder: a bucket such as "../../x" must never name a file elsewhere.
 */
export function draftJournalPath(dataDir: string, config: { bucket: string; regionendpoint: string; provider?: Provider }): string {
  const invalid = checkBucketName(config.bucket, { provider: config.provider ?? 's3-compatible' }).errors[0];
  if (invalid) throw new AppError({ code: invalid.code, message: invalid.message, ...(invalid.fix ? { fix: invalid.fix } : {}) });
  const folder = resolve(dataDir, 'provisioning');
  const endpoint = (config.regionendpoint.trim() || 'aws').replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '_');
  const path = resolve(folder, `${endpoint}__${config.bucket}.json`.replace(/[/\\]/g, '_'));
  if (dirname(path) !== folder) throw new AppError({ code: 'JOURNAL_PATH_INVALID', message: 'The journal file name would leave the data directory.' });
  return path;
}

/**
 * The journal for a target: the stored one if it is this installation's and for the same target, else a
 * fresh one stamped with this installation's id. A journal written elsewhere (no id, or another) is never
 * continued: its "created by us" would be someone else's.
 */
export async function openJournal(store: JournalStore, target: Journal['target'], installationId: string, settingsNotices?: readonly string[]): Promise<Journal> {
  const existing = await store.load();
  if (!existing) return { version: 1, installationId, target, steps: {}, createdKeyIds: [], deletedKeyIds: [] };
  if (existing.installationId !== installationId) throw foreignJournal(settingsNotices);
  const same =
    existing.target.bucket === target.bucket &&
    existing.target.endpoint === target.endpoint &&
    (existing.target.iamUser ?? target.iamUser) === target.iamUser;
  if (!same) {
    throw new AppError({
      code: 'JOURNAL_OTHER_TARGET',
      message: `The provisioning journal belongs to bucket "${existing.target.bucket}"${existing.target.iamUser ? ` and user "${existing.target.iamUser}"` : ''}, not this configuration.`,
      fix: 'Roll that provisioning back first, or use another journal file.',
    });
  }
  return { ...existing, target: { ...existing.target, ...target } };
}

/** `settingsNotices`: the settings file was moved aside and the id renewed since; they explain the mismatch and how to undo it. */
export function foreignJournal(settingsNotices: readonly string[] = []): AppError {
  return new AppError({
    code: 'JOURNAL_NOT_OURS',
    message: settingsNotices.length
      ? `The provisioning journal carries another installation's id, so nothing it lists is treated as created here. ${settingsNotices.join(' ')}`
      : 'The provisioning journal was not written by this installation (it was imported, copied, or written by an older version), so nothing it lists is treated as created here.',
    fix: settingsNotices.length
      ? "If the journal is this installation's, put the old id back as said above and run rollback again; if not, delete what it lists by hand once you are sure it is not in use, then remove the journal."
      : 'Delete what it lists by hand if you are sure it is not in use, then remove the journal (or provision again into a new journal).',
  });
}

/** Record a step's phase and persist it at once (before the next API call). */
export async function record(
  store: JournalStore,
  journal: Journal,
  step: StepId,
  entry: Omit<StepRecord, 'at'>,
): Promise<void> {
  journal.steps[step] = { ...entry, at: new Date().toISOString() };
  await store.save(journal);
}

/** True when an earlier run created the resource, or announced it would and may have crashed after. */
export function createdEarlier(journal: Journal, step: StepId): boolean {
  const previous = journal.steps[step];
  return Boolean(previous && (previous.createdByUs || previous.phase === 'intent'));
}

export async function forget(store: JournalStore, journal: Journal, step: StepId): Promise<void> {
  delete journal.steps[step];
  await store.save(journal);
}
