import { describe, expect, it } from 'vitest';
import {
  diagnoseClockSkew,
  diagnoseS3Error,
  diagnoseTimeout,
  diagnoseTransport,
  diagnoseTransportError,
  diagnoseVirtualHostDns,
  type S3FailureContext,
} from '../../../shared/diagnosis';

const ctx: S3FailureContext = {
  operation: 'ListParts',
  action: 's3:ListMultipartUploadParts',
  bucket: 'dtr-images',
  region: 'us-east-1',
  provider: 'aws',
  endpoint: 'https://s3.us-east-1.amazonaws.com',
};

describe('diagnoseS3Error: one specific diagnosis per S3 error code', () => {
  it.each([
    ['SignatureDoesNotMatch', 403, 'SIGNATURE_MISMATCH', /secret key/],
    ['InvalidAccessKeyId', 403, 'UNKNOWN_ACCESS_KEY', /does not know this access key/],
    ['AccessDenied', 403, 'ACCESS_DENIED', /ListParts.*s3:ListMultipartUploadParts/],
    ['Forbidden', 403, 'ACCESS_DENIED', /s3:ListMultipartUploadParts/],
    ['NoSuchBucket', 404, 'NO_SUCH_BUCKET', /dtr-images does not exist/],
    ['NotFound', 404, 'NO_SUCH_BUCKET', /dtr-images/],
    ['PermanentRedirect', 301, 'WRONG_REGION', /PermanentRedirect/],
    ['AuthorizationHeaderMalformed', 400, 'WRONG_REGION', /wrong region/],
    ['RequestTimeTooSkewed', 403, 'CLOCK_SKEW', /more than 15 min/],
    ['NoSuchUpload', 404, 'UPLOAD_MISSING', /multipart upload/],
    ['NoSuchKey', 404, 'OBJECT_MISSING', /no object/],
    ['InvalidBucketName', 400, 'INVALID_BUCKET_NAME', /dtr-images/],
  ])('%s (HTTP %i) → %s', (code, status, expected, message) => {
    const d = diagnoseS3Error(code, status, ctx);
    expect(d.code).toBe(expected);
    expect(d.message).toMatch(message);
    expect(d.fix.length).toBeGreaterThan(10);
    expect(d.cause).toBe(code);
  });

  it('names the action in the fix of an AccessDenied', () => {
    const d = diagnoseS3Error('AccessDenied', 403, { ...ctx, operation: 'ListMultipartUploads', action: 's3:ListBucketMultipartUploads' });
    expect(d.fix).toContain('s3:ListBucketMultipartUploads');
    expect(d.message).toContain('ListMultipartUploads');
  });

  it('a wrong region names the bucket\'s real region when the server told it', () => {
    const d = diagnoseS3Error('AuthorizationHeaderMalformed', 400, { ...ctx, bucketRegion: 'eu-central-1' });
    expect(d.message).toContain('is in eu-central-1, not us-east-1');
    expect(d.fix).toBe('Set the region to eu-central-1.');
  });

  it('bodiless HEAD answers are diagnosed by status: 301 wrong region, 403 denied, 400 with another region', () => {
    expect(diagnoseS3Error(undefined, 301, ctx).code).toBe('WRONG_REGION');
    expect(diagnoseS3Error('UnknownError', 403, ctx).code).toBe('ACCESS_DENIED');
    expect(diagnoseS3Error('BadRequest', 400, { ...ctx, bucketRegion: 'eu-west-1' }).code).toBe('WRONG_REGION');
    expect(diagnoseS3Error('BadRequest', 400, ctx).code).toBe('S3_ERROR');
  });

  it('RequestTimeTooSkewed shows the measured offset when there is one', () => {
    const d = diagnoseS3Error('RequestTimeTooSkewed', 403, { ...ctx, clockOffsetMs: -17.5 * 60_000 });
    expect(d.message).toMatch(/17\.5 min ahead of the storage server/);
    expect(d.cause).toBe('RequestTimeTooSkewed');
  });

  it('an unknown code falls back to a generic diagnosis that still carries the code', () => {
    const d = diagnoseS3Error('SlowDown', 503, ctx);
    expect(d).toMatchObject({ code: 'S3_ERROR', cause: 'SlowDown' });
    expect(d.message).toContain('HTTP 503');
  });
});

describe('errors about the driver\'s write headers are named as such, only when the call carried them', () => {
  it('an unknown KMS key (RGW answers InvalidAccessKeyId) is not called an unknown access key', () => {
    const d = diagnoseS3Error('InvalidAccessKeyId', 403, { ...ctx, operation: 'CreateMultipartUpload', sent: { kmsKeyId: 'no-such-key' } });
    expect(d.code).toBe('KMS_KEY_REFUSED');
    expect(d.message).toContain('no-such-key');
    expect(diagnoseS3Error('InvalidAccessKeyId', 403, ctx).code).toBe('UNKNOWN_ACCESS_KEY');
  });
  it('CopyObject of an SSE-KMS object answered 501 names the KMS setting and the fix', () => {
    const d = diagnoseS3Error('NotImplemented', 501, { ...ctx, operation: 'CopyObject', sent: { kmsKeyId: 'testkey-1' } });
    expect(d.code).toBe('KMS_NOT_SUPPORTED');
    expect(d.fix).toMatch(/keyid empty/);
    expect(diagnoseS3Error('NotImplemented', 501, ctx).code).toBe('S3_ERROR');
  });
  it('a refused storage class', () => {
    const d = diagnoseS3Error('InvalidArgument', 400, { ...ctx, operation: 'PutObject', sent: { storageClass: 'REDUCED_REDUNDANCY' } });
    expect(d.code).toBe('STORAGE_CLASS_REFUSED');
    expect(d.message).toContain('REDUCED_REDUNDANCY');
    expect(diagnoseS3Error('InvalidArgument', 400, ctx).code).toBe('S3_ERROR');
  });
});

describe('transport diagnoses', () => {
  it.each([
    ['ENOTFOUND', 'DNS_NOT_FOUND'],
    ['EAI_AGAIN', 'DNS_UNAVAILABLE'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ECONNRESET', 'CONNECTION_RESET'],
    ['EHOSTUNREACH', 'HOST_UNREACHABLE'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_UNKNOWN_CA'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_UNKNOWN_CA'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_UNKNOWN_CA'],
    ['UNABLE_TO_GET_ISSUER_CERT', 'TLS_UNKNOWN_CA'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_SELF_SIGNED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_HOSTNAME_MISMATCH'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'TLS_CERT_NOT_YET_VALID'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'HTTPS_TO_HTTP_PORT'],
    ['HPE_INVALID_CONSTANT', 'HTTP_TO_HTTPS_PORT'],
  ])('%s → %s, with a fix', (nodeCode, code) => {
    const d = diagnoseTransport(nodeCode);
    expect(d).toMatchObject({ code, cause: nodeCode });
    expect(d?.fix.length).toBeGreaterThan(10);
  });

  it('keeps the original diagnoseTransportError working and answers undefined for unknown codes', () => {
    expect(diagnoseTransportError('ECONNREFUSED')?.code).toBe('CONNECTION_REFUSED');
    expect(diagnoseTransportError('EWHATEVER')).toBeUndefined();
    expect(diagnoseTransportError(undefined)).toBeUndefined();
  });

  it('tells virtual-host DNS failures apart by provider: path style for S3-compatible', () => {
    expect(diagnoseVirtualHostDns('b.minio.local', 's3-compatible').fix).toContain('forcepathstyle: true');
    expect(diagnoseVirtualHostDns('b.s3.us-east-1.amazonaws.com', 'aws').fix).not.toContain('forcepathstyle');
  });

  it('says which way the clock is off, and by how much', () => {
    expect(diagnoseClockSkew(120_000).message).toMatch(/2\.0 min behind/);
    expect(diagnoseClockSkew(-90_000).message).toMatch(/1\.5 min ahead of/);
    expect(diagnoseTimeout('TLS handshake', 1500).message).toContain('1500 ms');
  });
});
