import { describe, expect, it } from 'vitest';
import { detectS3Server } from '../../../shared/s3-server';

describe('detectS3Server: the server behind an endpoint, from one answer\'s headers', () => {
  it.each([
    // measured: RGW 16.2.15 (beast) on this machine sends no Server header; its request id has this form
    [{ 'x-amz-request-id': 'tx0000071f8707b93617358-006b0d1c23-1019-default' }, 'ceph-rgw'],
    [{ server: 'Ceph Object Gateway (pacific)' }, 'ceph-rgw'],
    [{ server: 'MinIO', 'x-amz-request-id': '17F0A1B2C3D4E5F6' }, 'minio'],
    [{ 'x-minio-deployment-id': 'abc' }, 'minio'],
    [{ server: 'AmazonS3', 'x-amz-request-id': 'ABCDEF0123456789' }, 'aws'],
    [{ server: 'nginx' }, 'other'],
    [{}, 'other'],
  ])('%j → %s', (headers, kind) => {
    const guess = detectS3Server(headers);
    expect(guess.kind).toBe(kind);
    expect(guess.evidence).not.toBe('');
  });
  it('never repeats more than 80 printable characters of what a server sent', () => {
    const guess = detectS3Server({ server: `nginx\u0007${'x'.repeat(500)}` });
    expect(guess.evidence.length).toBeLessThanOrEqual(90);
    expect(guess.evidence).not.toMatch(/[^\x20-\x7e]/);
  });
});
