import type { AppErrorData } from '../../shared/app-error';
import type { ConfigValidation, FieldIssue } from '../../shared/validation';

/** How the CLI prints an error that stops a command: the code, the message, the fix indented under it. */
export function formatAppError(error: AppErrorData | { toData(): AppErrorData }): string {
  // Duck-typed rather than instanceof: this module stays free of the schema library (fast --help).
  const data = 'toData' in error ? error.toData() : error;
  const fix = data.fix ? `\n  fix: ${data.fix}` : '';
  const cause = data.cause ? `\n  cause: ${data.cause}` : '';
  return `error: ${data.code}: ${data.message}${fix}${cause}\n`;
}

/** How the CLI prints validation findings: one line per finding, the fix indented under it. */
export function formatIssues(kind: 'error' | 'warning', issues: FieldIssue[]): string {
  return issues
    .map((i) => `${kind}: [${i.field}] ${i.code}: ${i.message}${i.fix ? `\n  fix: ${i.fix}` : ''}\n`)
    .join('');
}

export function formatValidation(validation: ConfigValidation): string {
  return formatIssues('error', validation.errors) + formatIssues('warning', validation.warnings);
}
