import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStorageConfigFile } from '../../../electron/services/config-file';
import { findJsonError } from '../../../shared/json-error-position';

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-file-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadStorageConfigFile', () => {
  it('loads and validates a good file', async () => {
    const path = file('good.json', JSON.stringify({ provider: 'aws', region: 'us-east-1', bucket: 'registry-images', rootdirectory: '/dtr/' }));
    const result = await loadStorageConfigFile(path);
    expect(result.errors).toEqual([]);
    expect(result.config).toMatchObject({ bucket: 'registry-images', rootdirectory: 'dtr', secure: true });
  });
  it('accepts a UTF-8 byte order mark', async () => {
    const path = file('bom.json', `\ufeff${JSON.stringify({ provider: 'aws', region: 'us-east-1', bucket: 'abc' })}`);
    expect((await loadStorageConfigFile(path)).config).toBeDefined();
  });
  it('returns the field findings of a bad config', async () => {
    const path = file('bad.json', JSON.stringify({ provider: 'aws', region: 'us-east-1', bucket: 'Bad_Bucket' }));
    const result = await loadStorageConfigFile(path);
    expect(result.config).toBeUndefined();
    expect(result.errors.map((i) => i.code)).toEqual(['BUCKET_UPPERCASE', 'BUCKET_INVALID_CHARACTER']);
  });
  it('says when the file is missing', async () => {
    const result = await loadStorageConfigFile(join(dir, 'nope.json'));
    expect(result.errors).toEqual([
      expect.objectContaining({ field: 'document', code: 'CONFIG_FILE_UNREADABLE', message: `The config file ${join(dir, 'nope.json')} does not exist.` }),
    ]);
  });
  it('says when the path is a directory', async () => {
    expect((await loadStorageConfigFile(dir)).errors[0]?.message).toBe(`${dir} is a directory, not a config file.`);
  });
  it('says when the file cannot be read (permission denied; as root, which reads anything, a symlink loop)', async () => {
    if (process.getuid?.() === 0) {
      const loop = join(dir, 'loop.json');
      symlinkSync(loop, loop);
      expect((await loadStorageConfigFile(loop)).errors[0]?.message).toBe(`The config file ${loop} cannot be read (ELOOP).`);
      return;
    }
    const path = file('secret.json', '{}');
    chmodSync(path, 0o000);
    expect((await loadStorageConfigFile(path)).errors[0]?.message).toContain('permission denied');
  });
  it('gives line and column of a JSON error, and never quotes the file', async () => {
    const path = file('broken.json', '{\n  "provider": "aws",\n  "secretkey": "hunter2",\n  "bucket": \'x\'\n}\n');
    const result = await loadStorageConfigFile(path);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.code).toBe('CONFIG_FILE_INVALID_JSON');
    expect(result.errors[0]?.message).toBe(`The config file ${path} is not valid JSON at line 4, column 13: expected a value.`);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
  it('reports an empty file as invalid JSON', async () => {
    expect((await loadStorageConfigFile(file('empty.json', ''))).errors[0]?.message).toContain('line 1, column 1: expected a value');
  });
});

describe('findJsonError agrees with JSON.parse', () => {
  it.each([
    '{}', '[]', '0', '-1.5e+3', '"a\\u00e9\\n"', 'true', 'null', ' {"a": [1, {"b": null}], "c": "d"} ',
    JSON.stringify({ provider: 'aws', nested: { list: [1, 2, 3], s: 'x"y' } }, null, 2),
  ])('valid: %s', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonError(text)).toBeUndefined();
  });
  it.each<[string, number, number, string]>([
    ['', 1, 1, 'a value'],
    ['{', 1, 2, 'a property name in double quotes'],
    ['{"a": }', 1, 7, 'a value'],
    ['{"a": 1,}', 1, 9, 'a property name in double quotes'],
    ['{"a" 1}', 1, 6, '":" after the property name'],
    ['{"a": 1', 1, 8, '"," or "}"'],
    ["{'a': 1}", 1, 2, 'a property name in double quotes'],
    ['{"a": tru}', 1, 7, 'a value'],
    ['{"a": 1}}', 1, 9, 'the end of the document'],
    ['[1 2]', 1, 4, '"," or "]"'],
    ['[01]', 1, 3, '"," or "]"'],
    ['{"a": "x\ny"}', 1, 9, 'no control character inside a string (escape it)'],
    ['{"a": "\\x"}', 1, 9, 'a valid escape sequence'],
    ['{"a": "abc', 1, 11, 'a closing "'],
    ['{\n  "a": 1,\n  // comment\n}', 3, 3, 'a property name in double quotes'],
    ['{"a": -}', 1, 7, 'a number'],
  ])('invalid %j at %i:%i', (text, line, column, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)).toMatchObject({ line, column, expected });
  });
});
