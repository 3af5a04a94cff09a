import { rmSync } from 'node:fs';
import { z } from 'zod';
import { checkRunPassed, type CheckRunResult } from '../../../shared/checks';
import { recheckRunFromResult, recheckRunSchema, type RecheckRun } from '../../../shared/profile';
import { storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';
import { onDisk } from '../disk-fault';
import { JsonDocumentFile } from './json-file';

/**
 * The wizard's last Validate run, kept in main (never taken from the renderer) until the wizard saves its
 * profile: then a passing run goes into that profile's history, beside the re-checks. One file in the data
 * directory, so a quit between Validate and Export loses nothing.
 */
export interface WizardCheckRecord {
  /** A check run of the draft's config. A run of some probes (Validate's "Re-run") updates those probes of the last full run of the same config. */
  record(config: StorageConfig, result: CheckRunResult, startedAt: Date, only?: readonly string[]): void;
  /** The recorded run, if it is of exactly this config and it passed; it is forgotten either way (a save records it once). */
  takePassing(config: StorageConfig): RecheckRun | undefined;
  clear(): void;
}

const recordSchema = z.object({ config: storageConfigSchema, run: recheckRunSchema, passed: z.boolean() }).strict();

/** Key order must not make two equal configs differ. */
function sameConfig(a: StorageConfig, b: StorageConfig): boolean {
  const canonical = (c: StorageConfig) => JSON.stringify(storageConfigSchema.parse(c), Object.keys(storageConfigSchema.shape).sort());
  return canonical(a) === canonical(b);
}

export function createWizardCheckRecord(dataDir: string): WizardCheckRecord {
  const file = new JsonDocumentFile(dataDir, 'wizard-check-run');
  const read = (): z.infer<typeof recordSchema> | undefined => {
    try {
      const parsed = recordSchema.safeParse(file.read());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // unreadable: there is no run to add, which is what a missing file means too
    }
  };
  const clear = () => onDisk(file.path, 'delete', () => rmSync(file.path, { force: true }));
  return {
    record(config, result, startedAt, only) {
      const run = { ...recheckRunFromResult(result, startedAt), source: 'wizard' as const };
      if (!only?.length) return file.write({ config, run, passed: checkRunPassed(result) });
      const previous = read();
      if (!previous || !sameConfig(previous.config, config)) return; // a partial run alone proves too little
      const probes = previous.run.probes.map((p) => run.probes.find((q) => q.id === p.id) ?? p);
      // No probe failed and this run left nothing behind. A probe the full run skipped proves nothing unless
      // that run passed (then it was skipped for a reason, such as the pull probe with redirects disabled).
      const passed = probes.every((p) => p.status !== 'fail' && (p.status !== 'skipped' || previous.passed)) && result.leftovers.length === 0;
      const merged: RecheckRun = { ...previous.run, probes, status: passed ? (probes.some((p) => p.status === 'warn') ? 'warn' : 'pass') : 'fail' };
      file.write({ config, run: merged, passed });
    },
    takePassing(config) {
      const found = read();
      if (found) clear();
      return found?.passed && sameConfig(found.config, config) ? found.run : undefined;
    },
    clear,
  };
}
