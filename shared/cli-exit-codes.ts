/**
 * The CLI's exit codes: every command returns one of these, and docs/cli.md's table is checked against
 * this one (test/unit/cli/exit-codes.test.ts). Cron and CI read them, so they never change meaning.
 */
export const CLI_EXIT_CODES = {
  OK: { code: 0, meaning: 'the command did what was asked; for `check`, every probe passed (a warning is a pass)' },
  FAILED: {
    code: 1,
    meaning:
      '`check`: at least one probe failed, or a probe object could not be cleaned up; `tls-inspect`: the chain is not trusted or not valid for the name, or the CA was not saved; `provision`, `rollback`, `export`: the work was tried and did not complete (the error says what is left)',
  },
  USAGE: {
    code: 2,
    meaning:
      'bad usage or configuration: unknown option, invalid config file, missing profile, keys missing from the keychain, keychain unreachable',
  },
} as const;

export type CliExitName = keyof typeof CLI_EXIT_CODES;
export type CliExitCode = (typeof CLI_EXIT_CODES)[CliExitName]['code'];

/** `EXIT.USAGE` → 2: what commands return. */
export const EXIT = {
  OK: CLI_EXIT_CODES.OK.code,
  FAILED: CLI_EXIT_CODES.FAILED.code,
  USAGE: CLI_EXIT_CODES.USAGE.code,
} as const;

/** The Markdown table docs/cli.md carries, rendered from the table above. */
export function cliExitCodesMarkdown(): string {
  const rows = Object.values(CLI_EXIT_CODES).map(({ code, meaning }) => `| ${code} | ${meaning} |`);
  return ['| code | meaning |', '|---|---|', ...rows].join('\n');
}
