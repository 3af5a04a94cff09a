import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findImportCycles, findLayeringViolations, type SourceFile } from './layering-rules';

const root = resolve(import.meta.dirname, '../..');

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listSources(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [full] : [];
  });
}

function loadSources(): SourceFile[] {
  return ['shared', 'electron', 'renderer'].flatMap((folder) =>
    listSources(join(root, folder)).map((path) => ({
      path: relative(root, path),
      imports: ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles.map((f) => f.fileName),
    })),
  );
}

describe('layering', () => {
  it('the source tree has no forbidden import', () => {
    const sources = loadSources();
    expect(sources.length).toBeGreaterThan(5);
    expect(findLayeringViolations(sources)).toEqual([]);
  });

  it.each([
    ['shared/x.ts', 'node:fs', 'shared/ must stay pure'],
    ['shared/x.ts', 'fs', 'shared/ must stay pure'],
    ['shared/x.ts', 'electron', 'shared/ must stay pure'],
    ['shared/x.ts', '@aws-sdk/client-s3', 'shared/ must stay pure'],
    ['shared/x.ts', '../electron/services/s3-client', 'shared/ must stay pure'],
    ['electron/services/x.ts', 'electron', 'services run in plain Node'],
    ['renderer/src/x.tsx', '../../electron/services/s3-client', 'renderer/ talks through window.dtrApi'],
    ['renderer/src/x.tsx', 'electron', 'renderer/ talks through window.dtrApi'],
    ['renderer/src/x.tsx', 'node:path', 'renderer/ talks through window.dtrApi'],
    ['renderer/src/steps/TargetStep.tsx', 'node:fs', 'renderer/ talks through window.dtrApi'],
    ['electron/ipc/x-handlers.ts', 'node:fs/promises', 'adapters parse, call a service and format'],
    ['electron/cli/commands/x.ts', 'node:fs', 'adapters parse, call a service and format'],
    ['electron/cli/commands/x.ts', 'fs/promises', 'adapters parse, call a service and format'],
  ])('flags %s importing %s', (path, specifier, reason) => {
    const violations = findLayeringViolations([{ path, imports: [specifier] }]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(reason);
  });

  it.each([
    ['shared/x.ts', 'zod'],
    ['shared/x.ts', './storage-config'],
    ['electron/services/x.ts', 'node:fs'],
    ['electron/services/x.ts', '@aws-sdk/client-s3'],
    ['electron/main/index.ts', 'electron'],
    ['electron/cli/context.ts', 'node:readline'],
    ['renderer/src/x.tsx', '../../shared/contract'],
    ['renderer/src/x.tsx', 'react'],
    ['renderer/src/steps/TargetStep.test.tsx', 'node:fs'],
    ['renderer/src/steps/step-frame.test-support.tsx', '../../../test/unit/real-ca'],
  ])('allows %s importing %s', (path, specifier) => {
    expect(findLayeringViolations([{ path, imports: [specifier] }])).toEqual([]);
  });
});

describe('import cycles', () => {
  it('the source tree has none (type-only and dynamic imports count)', () => {
    expect(findImportCycles(loadSources())).toEqual([]);
  });

  it('finds a cycle through a type-only import, a folder index and a self-import', () => {
    const cycles = findImportCycles([
      { path: 'electron/a.ts', imports: ['./b'] },
      { path: 'electron/b.ts', imports: ['./c'] },
      { path: 'electron/c/index.ts', imports: ['../a'] }, // `import type { A } from '../a'` lexes the same
      { path: 'electron/d.ts', imports: ['./a', 'node:fs'] },
      { path: 'shared/self.ts', imports: ['./self'] },
    ]);
    expect(cycles).toEqual([['electron/a.ts', 'electron/b.ts', 'electron/c/index.ts'], ['shared/self.ts']]);
  });

  it('a chain without a way back is no cycle', () => {
    expect(findImportCycles([
      { path: 'a.ts', imports: ['./b', './c'] },
      { path: 'b.ts', imports: ['./c'] },
      { path: 'c.ts', imports: ['zod'] },
    ])).toEqual([]);
  });
});
