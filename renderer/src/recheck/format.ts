import { probeTitles, type ProbeId } from '../../../shared/checks';

/** Words for statuses and times in the view; the rules themselves live in shared/recheck. */
export const statusWord: Record<string, string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' };

export const probeTitle = (id: string): string => probeTitles[id as ProbeId] ?? id;

/** "23 Nov 2026, 15:21:58" in the user's locale; the ISO time stays in the title attribute. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
