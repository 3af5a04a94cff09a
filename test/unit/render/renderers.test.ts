import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dtrStorageBody, renderDtrJson } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';

const rgw: StorageConfig = storageConfigSchema.parse({
  provider: 's3-compatible',
  region: 'us-east-1',
  bucket: 'registry-images',
  rootdirectory: '/dtr/',
  regionendpoint: 'https://rgw.example.com:8443',
  forcepathstyle: true,
  chunksize: 16 * 1024 * 1024,
});
const aws: StorageConfig = storageConfigSchema.parse({ provider: 'aws', region: 'eu-central-1', bucket: 'registry-images' });
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
/** The registry reads config.yml with a YAML 1.1 parser. */
const readAsRegistry = (text: string) => parse(text, { version: '1.1' });

const rgwDriverKeys = {
  region: 'us-east-1',
  bucket: 'registry-images',
  regionendpoint: 'https://rgw.example.com:8443',
  forcepathstyle: true,
  secure: true,
  skipverify: false,
  v4auth: true,
  encrypt: false,
  chunksize: 16777216,
  storageclass: 'STANDARD',
  objectacl: 'private',
  rootdirectory: '/dtr',
};

describe('registry config.yml storage section', () => {
  it('parses back to the driver keys, without secrets by default', () => {
    const text = renderRegistryYaml(rgw, { credentials });
    expect(readAsRegistry(text)).toEqual({ storage: { s3: rgwDriverKeys, redirect: { disable: false } } });
    expect(text).not.toContain(credentials.accessKeyId);
    expect(text).not.toContain(credentials.secretAccessKey);
    expect(text).toContain('REGISTRY_STORAGE_S3_SECRETKEY');
  });
  it('includes the keys only when asked', () => {
    const parsed = readAsRegistry(renderRegistryYaml(rgw, { credentials, includeSecrets: true }));
    expect(parsed.storage.s3.accesskey).toBe(credentials.accessKeyId);
    expect(parsed.storage.s3.secretkey).toBe(credentials.secretAccessKey);
  });
  it('asking for secrets without credentials renders none (IAM role)', () => {
    const text = renderRegistryYaml(aws, { includeSecrets: true });
    expect(readAsRegistry(text).storage.s3).not.toHaveProperty('accesskey');
    expect(text).toContain('IAM role');
  });
  it('an S3-compatible service without keys given: no IAM-role promise (only Amazon S3 has roles), the keys go in the environment', () => {
    const text = renderRegistryYaml(rgw);
    expect(text).not.toContain('IAM role');
    expect(text).toContain('REGISTRY_STORAGE_S3_ACCESSKEY');
  });
  it('leaves out what AWS does not need, and what has no driver key', () => {
    const s3 = readAsRegistry(renderRegistryYaml({ ...aws, ca: 'x' })).storage.s3;
    expect(Object.keys(s3)).toEqual(['region', 'bucket', 'forcepathstyle', 'secure', 'skipverify', 'v4auth', 'encrypt', 'chunksize', 'storageclass', 'objectacl']);
  });
  it('explains in a comment that the registry process must trust the CA', () => {
    const withCa = renderRegistryYaml({ ...rgw, ca: '-----BEGIN CERTIFICATE-----\n…' });
    expect(withCa).toMatch(/# .*registry process must trust it/);
    expect(withCa).toContain('AWS_CA_BUNDLE');
    expect(withCa).not.toContain('BEGIN CERTIFICATE');
    expect(renderRegistryYaml(rgw)).not.toContain('trust');
  });
  it('keeps YAML 1.1 look-alikes strings (a bucket named "yes", a region "on")', () => {
    const parsed = readAsRegistry(renderRegistryYaml({ ...rgw, bucket: 'yes', region: 'on', rootdirectory: '/null' }));
    expect(parsed.storage.s3).toMatchObject({ bucket: 'yes', region: 'on', rootdirectory: '/null' });
  });
  it('quotes secrets that YAML would otherwise misread', () => {
    const tricky = { accessKeyId: 'AK: #1', secretAccessKey: "'*&!{}[]%@`" };
    const s3 = readAsRegistry(renderRegistryYaml(rgw, { credentials: tricky, includeSecrets: true })).storage.s3;
    expect([s3.accesskey, s3.secretkey]).toEqual([tricky.accessKeyId, tricky.secretAccessKey]);
  });
  it('renders redirect.disable under storage and optional keys when set', () => {
    const parsed = readAsRegistry(renderRegistryYaml({ ...aws, redirect: { disable: true }, encrypt: true, keyid: 'alias/registry' }));
    expect(parsed.storage.redirect).toEqual({ disable: true });
    expect(parsed.storage.s3).toMatchObject({ encrypt: true, keyid: 'alias/registry' });
  });
  it('is deterministic: the same model gives the same bytes, whatever the input key order', () => {
    const reordered = Object.fromEntries(Object.entries(rgw).reverse()) as StorageConfig;
    expect(renderRegistryYaml(reordered)).toBe(renderRegistryYaml(rgw));
    expect(renderRegistryYaml(rgw, { credentials, includeSecrets: true })).toBe(renderRegistryYaml(rgw, { credentials, includeSecrets: true }));
  });
});

describe('DTR API body for PUT /api/v0/admin/settings/registry/simple', () => {
  const section = { delete: { enabled: true }, maintenance: { readonly: { enabled: false } } };
  it('is {"storage":{delete, maintenance, s3}} without secrets by default, the chunk size a string', () => {
    const text = renderDtrJson(rgw, { credentials });
    expect(JSON.parse(text)).toEqual({ storage: { ...section, s3: { ...rgwDriverKeys, chunksize: '16777216' } } });
    expect(text).not.toContain(credentials.secretAccessKey);
  });
  it('in the storage-map shape is the storage section itself', () => {
    expect(JSON.parse(renderDtrJson(rgw, { shape: 'storage-map' }))).toEqual({ ...section, s3: { ...rgwDriverKeys, chunksize: '16777216' } });
  });
  it('holds no JSON number at all, and leaves the default chunk size out', () => {
    const numbers = (value: unknown): unknown[] =>
      typeof value === 'number' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(numbers) : [];
    for (const shape of ['storage-wrapped', 'storage-map'] as const) {
      for (const config of [aws, rgw]) expect(numbers(JSON.parse(renderDtrJson(config, { shape })))).toEqual([]);
    }
    expect(dtrStorageBody(aws).storage.s3).not.toHaveProperty('chunksize');
  });
  it('includes the keys when asked, first in the object', () => {
    const s3 = dtrStorageBody(rgw, { credentials, includeSecrets: true }).storage.s3;
    expect(Object.keys(s3).slice(0, 2)).toEqual(['accesskey', 'secretkey']);
    expect(s3.secretkey).toBe(credentials.secretAccessKey);
  });
  it('sends redirect only when redirects are disabled', () => {
    expect(dtrStorageBody(aws).storage).not.toHaveProperty('redirect');
    expect(dtrStorageBody({ ...aws, redirect: { disable: true } }).storage.redirect).toEqual({ disable: true });
  });
  it('has no provider and no CA: they are not driver keys', () => {
    const s3 = dtrStorageBody({ ...rgw, ca: 'PEM' }).storage.s3;
    expect(s3).not.toHaveProperty('provider');
    expect(s3).not.toHaveProperty('ca');
  });
  it('carries the same driver keys as the YAML', () => {
    for (const config of [rgw, aws, { ...aws, encrypt: true, keyid: 'k', rootdirectory: 'a/b' }]) {
      const { chunksize, ...yamlKeys } = readAsRegistry(renderRegistryYaml(config, { credentials, includeSecrets: true })).storage.s3 as Record<string, unknown>;
      const { chunksize: sent, ...bodyKeys } = dtrStorageBody(config, { credentials, includeSecrets: true }).storage.s3;
      expect(bodyKeys).toEqual(yamlKeys);
      expect(sent ?? String(chunksize)).toBe(String(chunksize));
    }
  });
  it('is deterministic', () => {
    const reordered = Object.fromEntries(Object.entries(rgw).reverse()) as StorageConfig;
    expect(renderDtrJson(reordered)).toBe(renderDtrJson(rgw));
  });
});
