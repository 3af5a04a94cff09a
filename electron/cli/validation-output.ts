import type { ConfigValidation, FieldIssue } from '../../shared/validation';

/** How the CLI prints validation findings: one line per finding, the fix indented under it. */
export function formatIssues(kind: 'error' | 'warning', issues: FieldIssue[]): string {
  return issues
    .map((i) => `${kind}: [${i.field}] ${i.code}: ${i.message}${i.fix ? `\n  fix: ${i.fix}` : ''}\n`)
    .join('');
}

export function formatValidation(validation: ConfigValidation): string {
  return formatIssues('error', validation.errors) + formatIssues('warning', validation.warnings);
}
