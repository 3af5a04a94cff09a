import { describe, expect, it } from 'vitest';
import { describeProfileChanges, summarizeProfileChanges } from '../../../shared/profile-changes';
import { storageConfigSchema } from '../../../shared/storage-config';

const storage = storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr', regionendpoint: 'https://s3.lab:7480', rootdirectory: 'dtr' });
const trust = { dtrHost: 'dtr.lab', mode: 'ca' as const, dtrCaPem: '' };
const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;

describe('describeProfileChanges', () => {
  it('lists every changed field in the model\'s order, and nothing for an identical save', () => {
    expect(describeProfileChanges({ storage, clientTrust: trust }, { storage, clientTrust: trust })).toEqual([]);
    const changes = describeProfileChanges(
      { storage, clientTrust: trust },
      { storage: { ...storage, bucket: 'dtr2', rootdirectory: '', secure: false }, clientTrust: { ...trust, mode: 'insecure-registry' } },
    );
    expect(changes).toEqual([
      { field: 'bucket', from: 'dtr', to: 'dtr2' },
      { field: 'rootdirectory', from: 'dtr', to: '(empty)' },
      { field: 'secure', from: 'true', to: 'false' },
      { field: 'clientTrust.mode', from: 'ca', to: 'insecure-registry' },
    ]);
    expect(summarizeProfileChanges(changes)).toBe('bucket: dtr → dtr2; rootdirectory: dtr → (empty); secure: true → false; clientTrust.mode: ca → insecure-registry');
  });

  it('never prints a certificate, and still tells two different ones apart', () => {
    const [change] = describeProfileChanges({ storage: { ...storage, ca: pem('AAAA') }, clientTrust: trust }, { storage: { ...storage, ca: pem('BBBB') }, clientTrust: trust });
    expect(change).toEqual({ field: 'ca', from: 'a certificate', to: 'a certificate (a different one)' });
  });

  it('names a changed IAM choice; a save without one changes none', () => {
    const iam = { server: 'ceph-rgw' as const, policyFlavor: 'union' as const, scopeToRoot: true };
    expect(describeProfileChanges({ storage, clientTrust: trust, iam }, { storage, clientTrust: trust })).toEqual([]);
    expect(describeProfileChanges({ storage, clientTrust: trust, iam }, { storage, clientTrust: trust, iam: { ...iam, server: 'minio', scopeToRoot: false } })).toEqual([
      { field: 'iam.server', from: 'ceph-rgw', to: 'minio' },
      { field: 'iam.scopeToRoot', from: 'true', to: 'false' },
    ]);
    expect(describeProfileChanges({ storage, clientTrust: trust }, { storage, clientTrust: trust, iam })).toHaveLength(3);
  });

  it('names a replaced registry key by its ID only when the save brings one', () => {
    expect(describeProfileChanges({ storage, clientTrust: trust, registryKeyId: 'AKIAOLD' }, { storage, clientTrust: trust })).toEqual([]);
    expect(describeProfileChanges({ storage, clientTrust: trust }, { storage, clientTrust: trust, registryKeyId: 'AKIANEW' }))
      .toEqual([{ field: 'registry key ID', from: '(empty)', to: 'AKIANEW' }]);
  });
});
