import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import {
  daemonJsonLocations,
  mergeInsecureRegistries,
  normalizeRegistryEntry,
  parseDaemonJson,
} from '../../../shared/trust/daemon-json';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('mergeInsecureRegistries', () => {
  it('creates the file content when there is none', () => {
    const merged = mergeInsecureRegistries('', ['dtr.example.com']);
    expect(merged.changed).toBe(true);
    expect(merged.text).toBe('{\n  "insecure-registries": [\n    "dtr.example.com"\n  ]\n}\n');
  });

  it('keeps other keys and their order, and appends the new key last', () => {
    const existing = '{\n    "log-driver": "journald",\n    "debug": true,\n    "registry-mirrors": ["https://m.example"]\n}\n';
    const merged = mergeInsecureRegistries(existing, ['dtr.example.com:4443']);
    expect(Object.keys(JSON.parse(merged.text))).toEqual(['log-driver', 'debug', 'registry-mirrors', 'insecure-registries']);
    expect(merged.text).toContain('\n    "log-driver": "journald"');
    expect(JSON.parse(merged.text)['registry-mirrors']).toEqual(['https://m.example']);
  });

  it('extends an existing list in place without duplicates (case-insensitive, scheme stripped)', () => {
    const existing = '{"insecure-registries":["old.example:5000","DTR.example.com"],"debug":false}';
    const merged = mergeInsecureRegistries(existing, ['https://dtr.example.com/', 'new.example', 'new.example']);
    const parsed = JSON.parse(merged.text);
    expect(Object.keys(parsed)).toEqual(['insecure-registries', 'debug']);
    expect(parsed['insecure-registries']).toEqual(['old.example:5000', 'DTR.example.com', 'new.example']);
    expect(merged.added).toEqual(['new.example']);
  });

  it('is idempotent: a second merge changes nothing and returns the text unchanged', () => {
    const once = mergeInsecureRegistries('{"debug": true}', ['dtr.example.com']);
    const twice = mergeInsecureRegistries(once.text, ['dtr.example.com']);
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once.text);
  });

  it('keeps CRLF line endings and a UTF-8 BOM (Windows files)', () => {
    const merged = mergeInsecureRegistries('\uFEFF{\r\n  "debug": true\r\n}\r\n', ['dtr.example.com']);
    expect(merged.text.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(merged.text).not.toMatch(/[^\r]\n/);
    expect(JSON.parse(merged.text.slice(1))['insecure-registries']).toEqual(['dtr.example.com']);
  });

  it('rejects invalid JSON naming line and column', () => {
    const broken = '{\n  "debug": true,\n  "log-driver": "journald",\n}\n';
    const error = errorOf(() => mergeInsecureRegistries(broken, ['dtr.example.com']));
    expect(error.code).toBe('DAEMON_JSON_INVALID');
    expect(error.message).toMatch(/line 4, column 1\b/);
    expect(error.fix).toMatch(/trailing commas/);
  });

  it.each([
    ['{"a": 1 "b": 2}', 'line 1, column 9'],
    ['{\n\t"a": tru\n}', 'line 2, column 7'],
    ['{"a": "x\ny"}', 'line 1, column 9'],
    ['{"a": [1, 2}', 'line 1, column 12'],
    ['// comment\n{}', 'line 1, column 1'],
    ['{"a": 1}\n{"b": 2}', 'line 2, column 1'],
    ['{"a": ', 'line 1, column 7'],
  ])('points at the first error in %j', (text, where) => {
    expect(errorOf(() => parseDaemonJson(text)).message).toContain(where);
  });

  it('accepts every JSON shape JSON.parse accepts', () => {
    const text = '{"s":"a\\u00e9\\n\\"","n":-1.5e3,"z":0,"t":true,"f":false,"x":null,"a":[[],{}],"o":{"k":[1,2]}}';
    expect(parseDaemonJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses a file that is not an object, or a non-list insecure-registries', () => {
    expect(errorOf(() => mergeInsecureRegistries('[]', ['a.example'])).code).toBe('DAEMON_JSON_NOT_OBJECT');
    expect(errorOf(() => mergeInsecureRegistries('{"insecure-registries":"a"}', ['b.example'])).code).toBe('DAEMON_JSON_BAD_KEY');
  });

  it('rejects entries that are not host[:port] or CIDR', () => {
    expect(normalizeRegistryEntry('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(normalizeRegistryEntry(' http://dtr.example.com:4443/ ')).toBe('dtr.example.com:4443');
    expect(errorOf(() => normalizeRegistryEntry('dtr.example.com/path')).code).toBe('DAEMON_JSON_BAD_REGISTRY');
    expect(errorOf(() => normalizeRegistryEntry('  ')).code).toBe('DAEMON_JSON_BAD_REGISTRY');
  });

  it('names the Linux and Windows locations', () => {
    expect(daemonJsonLocations.linux).toBe('/etc/docker/daemon.json');
    expect(daemonJsonLocations.windows).toBe('C:\\ProgramData\\docker\\config\\daemon.json');
  });
});
