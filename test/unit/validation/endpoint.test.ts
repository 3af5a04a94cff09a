import { describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../../shared/validation';

describe('checkEndpoint: accepted', () => {
  it.each<[string, boolean, object]>([
    ['https://minio.example.com', true, { scheme: 'https', host: 'minio.example.com' }],
    ['https://minio.example.com/', true, { scheme: 'https', host: 'minio.example.com' }],
    ['https://minio.example.com:9000', true, { scheme: 'https', host: 'minio.example.com', port: 9000 }],
    ['http://127.0.0.1:7480', false, { scheme: 'http', host: '127.0.0.1', port: 7480 }],
    ['HTTPS://RGW.Example.com:8443', true, { scheme: 'https', host: 'rgw.example.com', port: 8443 }],
    ['https://[::1]:9000', true, { scheme: 'https', host: '::1', port: 9000 }],
    ['http://rgw:80', false, { scheme: 'http', host: 'rgw' }],
  ])('%s (secure %s)', (url, secure, endpoint) => {
    expect(checkEndpoint(url, secure)).toEqual({ endpoint, errors: [] });
  });
});

describe('checkEndpoint: rejected, each for its own reason', () => {
  it.each<[string, boolean, string[]]>([
    ['minio.example.com:9000', true, ['ENDPOINT_NO_SCHEME']],
    ['minio.example.com', false, ['ENDPOINT_NO_SCHEME']],
    ['ftp://minio.example.com', true, ['ENDPOINT_BAD_SCHEME']],
    ['s3://bucket', true, ['ENDPOINT_BAD_SCHEME']],
    ['http://minio.example.com', true, ['ENDPOINT_SCHEME_MISMATCH']],
    ['https://minio.example.com', false, ['ENDPOINT_SCHEME_MISMATCH']],
    ['https://minio.example.com/bucket', true, ['ENDPOINT_HAS_PATH']],
    ['https://minio.example.com:9000/s3/', true, ['ENDPOINT_HAS_PATH']],
    ['https://minio.example.com?x=1', true, ['ENDPOINT_HAS_QUERY']],
    ['https://minio.example.com#frag', true, ['ENDPOINT_HAS_QUERY']],
    ['https://user:pw@minio.example.com', true, ['ENDPOINT_CREDENTIALS_IN_URL']],
    ['https://minio.example.com:99999', true, ['ENDPOINT_INVALID_URL']],
    ['https://', true, ['ENDPOINT_INVALID_URL']],
    ['https://exa mple.com', true, ['ENDPOINT_INVALID_URL']],
    [' https://minio.example.com', true, ['ENDPOINT_WHITESPACE']],
    ['http://minio.example.com/path', true, ['ENDPOINT_SCHEME_MISMATCH', 'ENDPOINT_HAS_PATH']],
  ])('%s (secure %s) → %j', (url, secure, codes) => {
    const result = checkEndpoint(url, secure);
    expect(result.endpoint).toBeUndefined();
    expect(result.errors.map((i) => i.code)).toEqual(codes);
    expect(result.errors.every((i) => i.field === 'regionendpoint')).toBe(true);
  });

  it('explains a scheme mismatch in terms of the HTTPS switch', () => {
    const [issue] = checkEndpoint('http://rgw:7480', true).errors;
    expect(issue?.message).toBe('The endpoint uses http:// but "Use HTTPS" is on; the two must agree.');
    expect(issue?.fix).toContain('turn "Use HTTPS" off');
  });
  it('suggests the URL without its path', () => {
    expect(checkEndpoint('https://rgw:8443/bucket/x', true).errors[0]?.fix).toContain('Use https://rgw:8443;');
  });
  it('suggests the scheme that matches secure when there is none', () => {
    expect(checkEndpoint('rgw:7480', false).errors[0]?.fix).toContain('http://rgw:7480');
    expect(checkEndpoint('rgw:7480', true).errors[0]?.fix).toContain('https://rgw:7480');
  });
  it('never echoes a password from the URL', () => {
    const text = JSON.stringify(checkEndpoint('https://user:hunter2@minio.example.com', true));
    expect(text).not.toContain('hunter2');
  });
});
