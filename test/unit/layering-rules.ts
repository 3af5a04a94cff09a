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

/** A test or its support file, kept next to the code it tests (the renderer's component tests): not part of a room. */
export const isTestFile = (path: string) => /\.test(-support)?\.(ts|tsx)$/.test(path);

/**
 * The house rules (see README "Layout"):
 * - shared/ is pure: no Node built-ins, no electron, no AWS SDK, nothing from electron/ or renderer/;
 * - electron/services/ never imports electron (services run in plain Node, the harness and the CLI);
 * - renderer/ imports nothing from electron/, no Node built-ins and not electron itself;
 * - the adapters (electron/ipc/, electron/cli/) touch no file: they parse, call a service and format.
 * Tests are not in a room, wherever they sit: a component test may make a CA with node:child_process.
 */
export function findLayeringViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (isTestFile(file.path)) continue;
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
      } else if (file.path.startsWith('electron/ipc/') || file.path.startsWith('electron/cli/')) {
        if (/^(node:)?fs(\/promises)?$/.test(spec)) say('adapters parse, call a service and format: files are a service\'s (electron/services/)');
      } else if (file.path.startsWith('renderer/')) {
        if (resolved.startsWith('electron/') || isElectron(spec) || isNodeBuiltin(spec)) {
          say('renderer/ talks through window.dtrApi only (no electron/, electron or Node built-ins)');
        }
      }
    }
  }
  return violations;
}

/** The repo file a relative import lands on (extensionless, .ts/.tsx, or a folder's index), if it is one of `known`. */
function resolveImport(file: string, spec: string, known: ReadonlySet<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = target(file, spec).replace(/\.js$/, '');
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((candidate) => known.has(candidate));
}

/**
 * Every import cycle, as the files of one strongly connected component (Tarjan), sorted. Type-only
 * and dynamic imports count: a cycle through `import type` still means two modules that cannot be
 * read, moved or tested apart (eslint's import-x/no-cycle skips those, so this test is the door).
 */
export function findImportCycles(files: SourceFile[]): string[][] {
  const known = new Set(files.map((f) => f.path));
  const edges = new Map(files.map((f) => [f.path, [...new Set(f.imports.flatMap((spec) => resolveImport(f.path, spec, known) ?? []))]]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    // Bounded by the stack's size: each file is pushed once.
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === node) break;
    }
    if (component.length > 1 || (edges.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const file of known) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}
