import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../../../shared/contract';
import { storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';
import { JsonFileJournalStore, openJournal, type Journal, type JournalStore } from '../../../electron/services/provisioning/journal';
import { journalTarget, type ProvisionOptions } from '../../../electron/services/provisioning/provision';
import type { StepContext } from '../../../electron/services/provisioning/steps';

export function awsConfig(overrides: Partial<StorageConfig> = {}): StorageConfig {
  return storageConfigSchema.parse({ provider: 'aws', region: 'eu-central-1', bucket: 'dtr-images-unit', ...overrides });
}

export function tempDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The installation id the unit tests provision and roll back as. */
export const TEST_INSTALLATION = 'test-installation-0000-0000-000000000000';

/** A journal store that "crashes" (throws) right after its n-th save reached the disk. */
export class CrashingJournalStore implements JournalStore {
  saves = 0;
  constructor(
    readonly inner: JsonFileJournalStore,
    readonly crashAfterSave?: number,
  ) {}
  load() {
    return this.inner.load();
  }
  async save(journal: Journal) {
    await this.inner.save(journal);
    this.saves += 1;
    if (this.saves === this.crashAfterSave) throw new Error('simulated crash after journal write');
  }
  clear() {
    return this.inner.clear();
  }
}

export async function stepContext(store: JournalStore, options: Pick<ProvisionOptions, 'config' | 'iamUser'>) {
  const journal = await openJournal(store, journalTarget(options.config, options), TEST_INSTALLATION);
  const events: ProgressEvent[] = [];
  const context: StepContext = { operationId: 'unit', store, journal, emit: (e) => events.push(e) };
  return { context, events, journal };
}

export const readText = (path: string) => readFileSync(path, 'utf8');
