import { describe, expect, it } from 'vitest';
import { validateStorageConfig } from '../../../shared/validation';

const aws = { provider: 'aws', region: 'eu-central-1', bucket: 'registry-images' } as const;
const rgw = {
  provider: 's3-compatible',
  region: 'us-east-1',
  bucket: 'registry-images',
  regionendpoint: 'https://rgw.example.com:8443',
  forcepathstyle: true,
} as const;

/** A structurally valid certificate (the smallest DER that passes the PEM check: SEQUENCE { SEQUENCE {} }). */
const PEM_SHAPED = `-----BEGIN CERTIFICATE-----\n${btoa('\x30\x02\x30\x00')}\n-----END CERTIFICATE-----\n`;

const codesOf = (input: unknown) => {
  const v = validateStorageConfig(input);
  return { errors: v.errors.map((i) => `${i.field}:${i.code}`), warnings: v.warnings.map((i) => `${i.field}:${i.code}`) };
};

describe('validateStorageConfig: clean configs', () => {
  it('applies the driver defaults', () => {
    expect(validateStorageConfig(aws)).toEqual({
      config: {
        ...aws,
        rootdirectory: '',
        regionendpoint: '',
        forcepathstyle: false,
        secure: true,
        skipverify: false,
        v4auth: true,
        encrypt: false,
        keyid: '',
        chunksize: 10 * 1024 * 1024,
        storageclass: 'STANDARD',
        objectacl: 'private',
        redirect: { disable: false },
        keyless: false,
        ca: '',
      },
      errors: [],
      warnings: [],
    });
  });
  it.each<[string, object]>([
    ['AWS', aws],
    ['AWS China', { ...aws, region: 'cn-north-1' }],
    ['RGW over HTTPS', rgw],
    ['RGW over HTTP', { ...rgw, regionendpoint: 'http://127.0.0.1:7480', secure: false }],
    ['SSE-KMS', { ...aws, encrypt: true, keyid: 'arn:aws:kms:eu-central-1:111122223333:key/abc' }],
    ['exactly 5 MiB chunks', { ...aws, chunksize: 5 * 1024 * 1024 }],
    ['redirects off with a custom CA', { ...rgw, ca: PEM_SHAPED, redirect: { disable: true } }],
  ])('%s: no errors, no warnings', (_name, config) => {
    expect(codesOf(config)).toEqual({ errors: [], warnings: [] });
  });
  it('does not accept an array, null or a string', () => {
    for (const input of [[], null, 'aws', 42]) expect(codesOf(input).errors).toEqual(['document:NOT_AN_OBJECT']);
  });
});

describe('validateStorageConfig: the document', () => {
  it.each<[object, string[]]>([
    [{}, ['provider:REQUIRED', 'region:REQUIRED', 'bucket:REQUIRED']],
    [{ ...aws, provider: 'minio' }, ['provider:INVALID_VALUE']],
    [{ ...aws, secure: 'true' }, ['secure:INVALID_VALUE']],
    [{ ...aws, chunksize: '10485760' }, ['chunksize:INVALID_VALUE']],
    [{ ...aws, chunksize: 10485760.5 }, ['chunksize:INVALID_VALUE']],
    [{ ...aws, storageclass: 'GLACIER' }, ['storageclass:INVALID_VALUE']],
    [{ ...aws, objectacl: 'public' }, ['objectacl:INVALID_VALUE']],
    [{ ...aws, redirect: true }, ['redirect:INVALID_VALUE']],
    [{ ...aws, forcePathStyle: true }, ['document:UNKNOWN_FIELD']],
    [{ ...aws, redirect: { disabled: true } }, ['redirect:UNKNOWN_FIELD']],
    [{ ...aws, usedualstack: true }, ['document:UNSUPPORTED_DRIVER_KEY']],
    [{ ...aws, loglevel: 'debug' }, ['document:UNSUPPORTED_DRIVER_KEY']],
    [{ ...aws, accesskey: 'AKIAEXAMPLE' }, ['credentials:SECRET_IN_CONFIG']],
    [{ ...aws, secretkey: 's3cr3t' }, ['credentials:SECRET_IN_CONFIG']],
  ])('%j → %j', (input, errors) => {
    expect(codesOf(input).errors).toEqual(errors);
  });
  it('suggests the driver key for a mis-cased one', () => {
    const v = validateStorageConfig({ ...aws, 'region-endpoint': 'x', RootDirectory: '/x' });
    expect(v.errors.map((i) => i.fix)).toEqual(['Did you mean "regionendpoint"?', 'Did you mean "rootdirectory"?']);
  });
  it('never repeats a secret it was given', () => {
    const text = JSON.stringify(validateStorageConfig({ ...aws, secretkey: 'wJalrXUtnFEMI/K7MDENG' }));
    expect(text).not.toContain('wJalrXUtnFEMI');
  });
  it('reports every field at once: one bad value does not hide the others', () => {
    expect(codesOf({ ...aws, secure: 'yes', bucket: 'Bad_Name', chunksize: 1024 }).errors).toEqual([
      'secure:INVALID_VALUE',
      'bucket:BUCKET_UPPERCASE',
      'bucket:BUCKET_INVALID_CHARACTER',
      'chunksize:CHUNKSIZE_TOO_SMALL',
    ]);
  });
  it('sets config only when there are no errors', () => {
    expect(validateStorageConfig({ ...aws, bucket: 'x' }).config).toBeUndefined();
    expect(validateStorageConfig({ ...aws, skipverify: true }).config).toBeDefined();
  });
});

describe('validateStorageConfig: the endpoint', () => {
  it.each<[object, string[], string[]]>([
    [{ ...rgw, regionendpoint: '' }, ['regionendpoint:ENDPOINT_REQUIRED'], []],
    [{ ...rgw, regionendpoint: undefined }, ['regionendpoint:ENDPOINT_REQUIRED'], []],
    // a bad "secure" hides the scheme check, but does not make the endpoint "missing"
    [{ ...rgw, secure: 'yes' }, ['secure:INVALID_VALUE'], []],
    [{ ...rgw, regionendpoint: 'http://rgw.example.com' }, ['regionendpoint:ENDPOINT_SCHEME_MISMATCH'], []],
    [{ ...rgw, regionendpoint: 'https://rgw.example.com', secure: false }, ['regionendpoint:ENDPOINT_SCHEME_MISMATCH'], []],
    [{ ...rgw, regionendpoint: 'https://rgw.example.com/registry' }, ['regionendpoint:ENDPOINT_HAS_PATH'], []],
    [{ ...rgw, regionendpoint: 'https://s3.eu-central-1.amazonaws.com' }, [], ['provider:AWS_ENDPOINT_AS_COMPATIBLE']],
    [{ ...aws, regionendpoint: 'https://s3.eu-central-1.amazonaws.com' }, [], ['regionendpoint:ENDPOINT_SET_FOR_AWS']],
  ])('%j', (input, errors, warnings) => {
    expect(codesOf(input)).toEqual({ errors, warnings });
  });
});

describe('validateStorageConfig: inconsistent combinations', () => {
  it.each<[string, object, string[], string[]]>([
    ['skipverify with HTTP', { ...rgw, regionendpoint: 'http://rgw:7480', secure: false, skipverify: true }, [], ['skipverify:SKIPVERIFY_WITHOUT_TLS']],
    ['skipverify with HTTPS', { ...rgw, skipverify: true, redirect: { disable: true } }, [], ['skipverify:SKIPVERIFY_ON']],
    ['skipverify with redirects on', { ...rgw, skipverify: true }, [], ['skipverify:SKIPVERIFY_ON', 'redirect:REDIRECT_NEEDS_CLIENT_TRUST']],
    ['a private CA with redirects on', { ...rgw, ca: PEM_SHAPED }, [], ['redirect:REDIRECT_NEEDS_CLIENT_TRUST']],
    ['a private CA over HTTP', { ...rgw, regionendpoint: 'http://rgw', secure: false, ca: PEM_SHAPED }, [], ['ca:CA_WITHOUT_TLS']],
    ['a private CA and skipverify', { ...rgw, skipverify: true, ca: PEM_SHAPED, redirect: { disable: true } }, [], ['skipverify:SKIPVERIFY_ON', 'ca:CA_WITH_SKIPVERIFY']],
    // the driver refuses both of these outright, so they are errors, not warnings
    ['v4auth off on AWS', { ...aws, v4auth: false }, ['v4auth:V4AUTH_REQUIRED_ON_AWS'], []],
    ['v4auth off against an AWS endpoint', { ...rgw, regionendpoint: 'https://s3.amazonaws.com', v4auth: false }, ['v4auth:V4AUTH_REQUIRED_ON_AWS'], ['provider:AWS_ENDPOINT_AS_COMPATIBLE']],
    ['chunksize below 5 MiB', { ...aws, chunksize: 5 * 1024 * 1024 - 1 }, ['chunksize:CHUNKSIZE_TOO_SMALL'], []],
    ['chunksize above 5 GiB', { ...aws, chunksize: 5 * 1024 ** 3 + 1 }, ['chunksize:CHUNKSIZE_TOO_LARGE'], []],
    ['v4auth off on RGW', { ...rgw, v4auth: false }, [], ['v4auth:V4AUTH_OFF']],
    ['regionendpoint for AWS', { ...aws, regionendpoint: 'https://rgw.example.com' }, [], ['regionendpoint:ENDPOINT_SET_FOR_AWS']],
    ['dotted bucket, virtual host, HTTPS', { ...aws, bucket: 'registry.example.com' }, [], ['bucket:DOTTED_BUCKET_VIRTUAL_HOST_TLS']],
    ['dotted bucket, path style', { ...rgw, bucket: 'registry.example.com' }, [], []],
    ['dotted bucket over HTTP', { ...rgw, bucket: 'registry.example.com', regionendpoint: 'http://rgw', secure: false, forcepathstyle: false }, [], ['forcepathstyle:PATH_STYLE_OFF_FOR_COMPATIBLE']],
    ['S3-compatible without path style', { ...rgw, forcepathstyle: false }, [], ['forcepathstyle:PATH_STYLE_OFF_FOR_COMPATIBLE']],
    ['key id without encryption', { ...aws, keyid: 'alias/registry' }, [], ['keyid:KEYID_WITHOUT_ENCRYPT']],
    ['a Distribution 3 storage class', { ...aws, storageclass: 'INTELLIGENT_TIERING' }, [], ['storageclass:STORAGECLASS_NEEDS_DISTRIBUTION_3']],
  ])('%s', (_name, input, errors, warnings) => {
    expect(codesOf(input)).toEqual({ errors, warnings });
  });
});
