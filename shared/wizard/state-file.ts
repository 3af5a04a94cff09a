import { AppError } from '../app-error';
import { firstIssueText, WIZARD_STATE_SCHEMA_VERSION, wizardStateSchema, type WizardState } from '../profile';
import { runMigrations, type Migration } from '../profile-migrations';

/**
 * Every wizard state schema that has shipped, upgraded one step at a time (the same runner as profiles).
 * A file from a newer version is not read: the service moves it aside and the wizard starts over.
 */
export const wizardStateMigrations: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    describe: 'check results are kept with the config they ran on (a version-1 file has none: its checksPassed stands for its own config)',
    migrate: (document) => document,
  },
  {
    from: 2,
    to: 3,
    describe: 'the setup keys\' source is called keySource (was setupSource), as in the contract',
    migrate: (document) => {
      const values = document.values;
      if (values === null || typeof values !== 'object' || Array.isArray(values) || !('setupSource' in values)) return document;
      const { setupSource, ...rest } = values as Record<string, unknown>;
      return { ...document, values: { ...rest, keySource: setupSource } };
    },
  },
];

/** A stored wizard state of any shipped version as the current one, or why it cannot be used. */
export function parseWizardStateDocument(raw: unknown): { state: WizardState } | { why: string } {
  // Files written before the version field existed are version 1.
  const versioned = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !('schemaVersion' in raw) ? { ...raw, schemaVersion: 1 } : raw;
  let document: Record<string, unknown>;
  try {
    ({ document } = runMigrations(versioned, WIZARD_STATE_SCHEMA_VERSION, wizardStateMigrations, 'wizard state'));
  } catch (error) {
    if (error instanceof AppError) return { why: error.message };
    throw error;
  }
  const parsed = wizardStateSchema.safeParse(document);
  return parsed.success ? { state: parsed.data } : { why: `it is not a wizard state this version reads (${firstIssueText(parsed.error)})` };
}
