import { MAX_RECHECK_HISTORY, type RecheckRun } from '../profile';

/**
 * The one rule for adding a run to a profile's history: appended in time order, oldest dropped once the
 * history holds `max` runs (a profile re-checked by cron every few minutes must stay small).
 */
export function appendRecheckRun(history: readonly RecheckRun[], run: RecheckRun, max = MAX_RECHECK_HISTORY): RecheckRun[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive whole number');
  return [...history, run].slice(-max);
}
