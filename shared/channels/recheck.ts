import { z } from 'zod';
import { appErrorSchema } from '../app-error';
import { checkRunResultSchema } from '../checks';
import { profileNameSchema, recheckRunSchema } from '../profile';
import { runDiffSchema } from '../recheck/report';

/**
 * The IPC channels `recheck.*` (spread into shared/contract.ts): re-checks of saved profiles and their
 * schedule. A run's history is read with `profiles.get` (recheckHistory); the renderer computes "what changed" with shared/recheck/diff.ts.
 */

/** Scheduled re-check interval: 0 switches it off; otherwise 1 minute to 7 days. */
export const MAX_RECHECK_INTERVAL_MINUTES = 7 * 24 * 60;
export const recheckIntervalSchema = z
  .number()
  .int('The interval is a whole number of minutes.')
  .min(0)
  .max(MAX_RECHECK_INTERVAL_MINUTES, 'The interval is at most 7 days (10080 minutes).');

export const recheckScheduleStatusSchema = z.object({
  /** 0 = off. */
  intervalMinutes: z.number(),
  nextRunAt: z.string().nullable(),
  lastTickAt: z.string().nullable(),
  /** A scheduled pass over the profiles is running now. */
  running: z.boolean(),
  /** The most recent "started failing" notification this app session sent. */
  lastNotification: z.object({ profile: z.string(), at: z.string(), title: z.string(), body: z.string() }).nullable(),
  /** Profiles the last scheduled pass could not check at all (no keys, locked keychain…). */
  lastErrors: z.array(z.object({ profile: z.string(), error: appErrorSchema })),
  /** Why the saved interval did not apply (the settings file was moved aside or could not be read), for a notice. */
  settingsProblems: z.array(appErrorSchema),
});
export type RecheckScheduleStatus = z.infer<typeof recheckScheduleStatusSchema>;

export const recheckOutcomeSchema = z.object({
  profile: z.string(),
  /** The full result with evidence and diagnoses, for the live view. */
  result: checkRunResultSchema,
  /** The history entry that was appended. */
  run: recheckRunSchema,
  passed: z.boolean(),
  /** This run against the previous one; null on the first run. */
  changes: runDiffSchema.nullable(),
});
export type RecheckOutcome = z.infer<typeof recheckOutcomeSchema>;

export const recheckReportFormatSchema = z.enum(['markdown', 'json']);

export const recheckChannels = {
  /** Re-check one saved profile with every probe (progress events per probe), and append it to the history. */
  'recheck.run': {
    request: z.object({ name: profileNameSchema }).strict(),
    result: recheckOutcomeSchema,
  },
  /** The report of a profile's history; written to `path` when given (a path from dialog.chooseExportPath). */
  'recheck.report': {
    request: z
      .object({ name: profileNameSchema, format: recheckReportFormatSchema, path: z.string().min(1).max(4096).optional() })
      .strict(),
    result: z.object({ text: z.string(), fileName: z.string(), path: z.string().optional() }),
  },
  'recheck.schedule.get': {
    request: z.object({}).strict(),
    result: recheckScheduleStatusSchema,
  },
  /** Set the interval of the scheduled re-check of every saved profile (kept across app restarts). */
  'recheck.schedule.set': {
    request: z.object({ intervalMinutes: recheckIntervalSchema }).strict(),
    result: recheckScheduleStatusSchema,
  },
} as const;
