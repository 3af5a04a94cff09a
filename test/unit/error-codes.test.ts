import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { errorCodeFamilies, errorCodes, familyOf, inFamily, isErrorCode, type ErrorFamily } from '../../shared/error-codes';
import { isTestFile } from './layering-rules';

const root = resolve(import.meta.dirname, '../..');
const listSources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listSources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
/** The product's sources: a component test next to its step may make up a code to see it shown. */
const sources = ['shared', 'electron', 'renderer'].flatMap((folder) => listSources(join(root, folder))).filter((path) => !isTestFile(path));

/** Codes the platform gives us (errno, OpenSSL); we compare against them but never produce them. */
const foreignCodes = new Set(['EACCES', 'ECONNRESET', 'EEXIST', 'EISDIR', 'ENOENT', 'EPERM', 'EPROTO', 'ESRCH', 'ETIMEDOUT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/** `code: 'X'`, `x.code === 'X'` and `code !== 'X'` (either side): where a problem code is written or compared. */
function codeLiterals(path: string): { literal: string; at: string }[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { literal: string; at: string }[] = [];
  const isCodeName = (node: ts.Node) =>
    (ts.isIdentifier(node) && node.text === 'code') || (ts.isPropertyAccessExpression(node) && node.name.text === 'code');
  const visit = (node: ts.Node): void => {
    const take = (literal: ts.Node) => {
      if (ts.isStringLiteral(literal) && /^[A-Z][A-Z0-9_]*$/.test(literal.text)) {
        found.push({ literal: literal.text, at: `${relative(root, path)}:${file.getLineAndCharacterOfPosition(literal.getStart()).line + 1}` });
      }
    };
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'code') take(node.initializer);
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(node.operatorToken.kind)) {
      if (isCodeName(node.left)) take(node.right);
      if (isCodeName(node.right)) take(node.left);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the error code table (shared/error-codes.ts)', () => {
  it('holds every code literal the source writes or compares', () => {
    const literals = sources.flatMap(codeLiterals).filter((l) => !foreignCodes.has(l.literal));
    expect(literals.length).toBeGreaterThan(150);
    expect(literals.filter((l) => !isErrorCode(l.literal)).map((l) => `${l.literal} (${l.at})`)).toEqual([]);
  }, 120_000); // parses every source file: slow on a loaded machine

  it('lists each code once, in UPPER_SNAKE, and a family named like a prefix holds exactly the codes with that prefix', () => {
    expect(new Set(errorCodes).size).toBe(Object.values(errorCodeFamilies).flat().length);
    const families = Object.keys(errorCodeFamilies) as ErrorFamily[];
    for (const code of errorCodes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
      // The longest family name that prefixes the code decides (CONFIG_FILE_… is CONFIG_FILE's, not CONFIG's).
      const byName = families.filter((f) => code.startsWith(`${f}_`)).sort((a, b) => b.length - a.length)[0];
      if (byName) expect([code, familyOf(code)]).toEqual([code, byName]);
    }
  });

  it('answers family questions from the table, not from the spelling', () => {
    expect(inFamily('KEYCHAIN_LOCKED', 'KEYCHAIN')).toBe(true);
    expect(inFamily('KEYCHAIN_LOCKED', 'PROFILE', 'JOURNAL')).toBe(false);
    expect(inFamily('JOURNAL_NOT_OURS', 'PROFILE', 'JOURNAL')).toBe(true);
    expect(inFamily('KEYCHAIN_SOMETHING_NEW', 'KEYCHAIN')).toBe(false); // not in the table: no family
    expect(inFamily('DNS_NOT_FOUND', 'NETWORK')).toBe(true);
  });

  it('no source file matches codes by regex or prefix any more', () => {
    const offenders = sources.filter((path) => {
      const text = readFileSync(path, 'utf8');
      return /\.code\??\.startsWith\(|\bcode\.startsWith\(|\.test\(\s*[\w.]*\.code\s*\)/.test(text);
    });
    expect(offenders.map((p) => relative(root, p))).toEqual([]);
  });
});
