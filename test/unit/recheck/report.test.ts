import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../../shared/profile';
import {
  RECHECK_REPORT_FORMAT,
  buildRecheckReport,
  recheckReportSchema,
  renderRecheckReport,
  renderRecheckReportMarkdown,
} from '../../../shared/recheck/report';
import { storageConfigSchema } from '../../../shared/storage-config';
import { makeRun } from './runs';

const profile = (history: ReturnType<typeof makeRun>[]) =>
  profileSchema.parse({
    schemaVersion: 1,
    name: 'lab-rgw',
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T11:00:00.000Z',
    storage: storageConfigSchema.parse({
      provider: 's3-compatible',
      bucket: 'dtr-images',
      region: 'default',
      regionendpoint: 'https://rgw.lab:7480',
      rootdirectory: '/dtr|prod',
    }),
    recheckHistory: history,
    secretRefs: { registry: 'lab-rgw/registry' },
  });

const runs = [
  makeRun('2026-11-23T10:00:00.000Z', { dns: 'pass', credentials: 'pass', list: 'pass' }, 300),
  makeRun('2026-11-23T11:00:00.000Z', { dns: 'pass', credentials: 'fail:InvalidAccessKeyId', list: 'skipped' }, 90),
];

describe('the JSON report', () => {
  it('has the documented, versioned shape and round-trips through its schema', () => {
    const report = buildRecheckReport(profile(runs), new Date('2026-11-23T12:00:00.000Z'));
    const parsed = recheckReportSchema.parse(JSON.parse(renderRecheckReport(report, 'json')));
    expect(parsed).toEqual(report);
    expect(Object.keys(parsed)).toEqual(['format', 'version', 'generatedAt', 'profile', 'latest', 'changes', 'history']);
    expect(parsed.format).toBe(RECHECK_REPORT_FORMAT);
    expect(parsed.version).toBe(1);
    expect(parsed.latest?.startedAt).toBe('2026-11-23T11:00:00.000Z');
    expect(parsed.changes?.startedFailing).toBe(true);
    expect(parsed.history).toHaveLength(2);
  });

  it('never carries the keychain references', () => {
    const text = renderRecheckReport(buildRecheckReport(profile(runs), new Date()), 'json');
    expect(text).not.toContain('secretRefs');
    expect(text).not.toContain('lab-rgw/registry');
  });

  it('is valid with no runs: latest and changes are null', () => {
    const report = buildRecheckReport(profile([]), new Date('2026-11-23T12:00:00.000Z'));
    expect(report.latest).toBeNull();
    expect(report.changes).toBeNull();
    expect(recheckReportSchema.safeParse(report).success).toBe(true);
  });
});

describe('the Markdown report', () => {
  const markdown = renderRecheckReportMarkdown(buildRecheckReport(profile(runs), new Date('2026-11-23T12:00:00.000Z')));

  it('leads with the latest verdict and marks each changed probe in the table', () => {
    expect(markdown).toContain('# Re-check report: lab-rgw');
    expect(markdown).toContain('## Latest run: FAIL');
    expect(markdown).toContain('| Credentials are accepted | fail | 10 ms | InvalidAccessKeyId | **regressed** (was pass) |');
    expect(markdown).toContain('| DNS resolves the endpoint | pass | 10 ms |  | unchanged |');
    expect(markdown).toContain('Run status: pass -> fail (**started failing**).');
    expect(markdown).toContain('- credentials: pass -> fail (InvalidAccessKeyId) [regressed]');
  });

  it('lists the history newest first with the failing probes, and escapes table characters', () => {
    const history = markdown.slice(markdown.indexOf('## History'));
    expect(history.indexOf('2026-11-23T11:00:00.000Z')).toBeLessThan(history.indexOf('2026-11-23T10:00:00.000Z'));
    expect(history).toContain('| 2026-11-23T11:00:00.000Z | 90 ms | fail | credentials (InvalidAccessKeyId) |');
    // A code span shows its text as it is (no escapes inside one): the root directory is `/dtr|prod`, not `/dtr\\|prod`.
    expect(markdown).toContain('root directory `/dtr|prod`');
  });

  it('says so when there is nothing to compare', () => {
    const single = renderRecheckReportMarkdown(buildRecheckReport(profile(runs.slice(0, 1)), new Date()));
    expect(single).toContain('There is no previous run to compare with.');
    expect(renderRecheckReportMarkdown(buildRecheckReport(profile([]), new Date()))).toContain('has not been re-checked yet');
  });
});

describe('the Markdown report quotes names as code spans (shared/render/quote.ts)', () => {
  it('a root directory with a backslash, a pipe or a backtick is shown as it is', () => {
    const odd = { ...profile([]), storage: { ...profile([]).storage, rootdirectory: 'a\\b|c`d' } };
    const markdown = renderRecheckReportMarkdown(buildRecheckReport(odd, new Date('2026-11-23T12:00:00.000Z')));
    expect(markdown).toContain('root directory ``a\\b|c`d``');
  });
});
