import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  imports: string[];
}

const nodeBuiltins = new Set(builtinModules);
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || nodeBuiltins.has(spec.split('/')[0] ?? '');
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

/** Where a relative import lands, as a repo-relative path; bare specifiers are returned unchanged. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? normalize(join(dirname(file), spec)).replaceAll('\\', '/') : spec;
}

/**
 * The house rules (see README "Layout"):
 * - shared/ is pure: no Node built-ins, no electron, no AWS SDK, nothing from electron/ or renderer/;
 * - electron/services/ never imports electron (services run in plain Node, the harness and the CLI);
 * - renderer/ imports nothing from electron/, no Node built-ins and not electron itself.
 */
export function findLayeringViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    for (const spec of file.imports) {
      const resolved = target(file.path, spec);
      const say = (reason: string) => violations.push(`${file.path} imports '${spec}': ${reason}`);
      if (file.path.startsWith('shared/')) {
        if (
          isNodeBuiltin(spec) ||
          isElectron(spec) ||
          spec.startsWith('@aws-sdk/') ||
          spec.startsWith('@smithy/') ||
          resolved.startsWith('electron/') ||
          resolved.startsWith('renderer/')
        ) {
          say('shared/ must stay pure (no node:*, electron, AWS SDK, electron/ or renderer/)');
        }
      } else if (file.path.startsWith('electron/services/')) {
        if (isElectron(spec)) say('services run in plain Node and must not import electron');
      } else if (file.path.startsWith('renderer/')) {
        if (resolved.startsWith('electron/') || isElectron(spec) || isNodeBuiltin(spec)) {
          say('renderer/ talks through window.dtrApi only (no electron/, electron or Node built-ins)');
        }
      }
    }
  }
  return violations;
}
