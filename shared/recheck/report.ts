import { z } from 'zod';
import { probeStatusSchema, probeTitles, type ProbeId } from '../checks';
import { providerSchema } from '../storage-config';
import { recheckRunSchema, type Profile, type RecheckRun } from '../profile';
import { describeProbeChange, diffLatest, type RunDiff } from './diff';
import { mdCode } from '../render/quote';

/**
 * The exported re-check report. The JSON shape is versioned: `format` names it, `version` changes only
 * when a field is removed or changes meaning (new optional fields keep the version). docs/cli.md documents it.
 */
export const RECHECK_REPORT_FORMAT = 'dtr-s3-assistant-recheck-report';
export const RECHECK_REPORT_VERSION = 1;

const verdictSchema = z.object({ status: probeStatusSchema, code: z.string().optional() });
export const runDiffSchema = z.object({
  previousStartedAt: z.string(),
  latestStartedAt: z.string(),
  status: z.object({ from: recheckRunSchema.shape.status, to: recheckRunSchema.shape.status }),
  startedFailing: z.boolean(),
  recovered: z.boolean(),
  changes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['regressed', 'recovered', 'changed', 'added', 'removed']),
      from: verdictSchema.optional(),
      to: verdictSchema.optional(),
    }),
  ),
});

export const recheckReportSchema = z.object({
  format: z.literal(RECHECK_REPORT_FORMAT),
  version: z.literal(RECHECK_REPORT_VERSION),
  generatedAt: z.iso.datetime(),
  /** Where the profile points; never a key (profiles hold none). */
  profile: z.object({
    name: z.string(),
    provider: providerSchema,
    bucket: z.string(),
    region: z.string(),
    regionendpoint: z.string(),
    rootdirectory: z.string(),
  }),
  /** The newest run, or null when the profile was never re-checked. */
  latest: recheckRunSchema.nullable(),
  /** The latest run against the one before it, or null with fewer than two runs. */
  changes: runDiffSchema.nullable(),
  /** Oldest first. */
  history: z.array(recheckRunSchema),
});
export type RecheckReport = z.infer<typeof recheckReportSchema>;

export function buildRecheckReport(profile: Profile, generatedAt: Date): RecheckReport {
  const { name, recheckHistory: history } = profile;
  const { provider, bucket, region, regionendpoint, rootdirectory } = profile.storage;
  const diff: RunDiff | undefined = diffLatest(history);
  return {
    format: RECHECK_REPORT_FORMAT,
    version: RECHECK_REPORT_VERSION,
    generatedAt: generatedAt.toISOString(),
    profile: { name, provider, bucket, region, regionendpoint, rootdirectory },
    latest: history.at(-1) ?? null,
    changes: diff ?? null,
    history: [...history],
  };
}

export function renderRecheckReportJson(report: RecheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Prose in table cells and list items must not break the table: pipes escaped, line breaks flattened (code spans: mdCode). */
const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const titleOf = (id: string): string => probeTitles[id as ProbeId] ?? id;
const failing = (run: RecheckRun): string =>
  run.probes.filter((p) => p.status === 'fail').map((p) => `${p.id}${p.code ? ` (${p.code})` : ''}`).join(', ') || '-';

/** A human report for a ticket or a change log: summary, the latest run per probe, what changed, the history. */
export function renderRecheckReportMarkdown(report: RecheckReport): string {
  const { profile, latest, changes, history } = report;
  const out: string[] = [`# Re-check report: ${cell(profile.name)}`, ''];
  out.push(
    `- Storage: ${profile.provider === 'aws' ? 'Amazon S3' : 'S3-compatible'}, bucket ${mdCode(profile.bucket)}, region ${mdCode(profile.region)}${profile.regionendpoint ? `, endpoint ${cell(profile.regionendpoint)}` : ''}${profile.rootdirectory ? `, root directory ${mdCode(profile.rootdirectory)}` : ''}`,
    `- Generated: ${report.generatedAt}`,
    `- Runs recorded: ${history.length}`,
    '',
  );
  if (!latest) {
    out.push('This profile has not been re-checked yet.');
    return `${out.join('\n')}\n`;
  }
  out.push(`## Latest run: ${latest.status.toUpperCase()}`, '', `Started ${latest.startedAt}, took ${latest.durationMs} ms.`, '');
  const changeOf = new Map((changes?.changes ?? []).map((c) => [c.id, c]));
  out.push('| Probe | Status | Duration | Diagnosis | Since last run |', '|---|---|---|---|---|');
  for (const probe of latest.probes) {
    const change = changeOf.get(probe.id);
    const since = change ? `**${change.kind}** (was ${change.from?.status ?? 'absent'})` : changes ? 'unchanged' : '-';
    out.push(`| ${cell(titleOf(probe.id))} | ${probe.status} | ${probe.durationMs} ms | ${cell(probe.code ?? '')} | ${since} |`);
  }
  out.push('');
  out.push('## Changes since the previous run', '');
  if (!changes) out.push('There is no previous run to compare with.');
  else if (changes.changes.length === 0 && changes.status.from === changes.status.to) out.push(`Nothing changed since ${changes.previousStartedAt}.`);
  else {
    out.push(`Run status: ${changes.status.from} -> ${changes.status.to}${changes.startedFailing ? ' (**started failing**)' : changes.recovered ? ' (recovered)' : ''}.`, '');
    for (const change of changes.changes) out.push(`- ${cell(describeProbeChange(change))}`);
  }
  out.push('', '## History (newest first)', '', '| Started | Duration | Status | Failing probes |', '|---|---|---|---|');
  for (const run of [...history].reverse()) out.push(`| ${run.startedAt} | ${run.durationMs} ms | ${run.status} | ${cell(failing(run))} |`);
  return `${out.join('\n')}\n`;
}

export type RecheckReportFormat = 'markdown' | 'json';
export function renderRecheckReport(report: RecheckReport, format: RecheckReportFormat): string {
  return format === 'json' ? renderRecheckReportJson(report) : renderRecheckReportMarkdown(report);
}
