import { describe, expect, it } from 'vitest';
import { awsS3EndpointUrl, storageEndpoint } from '../../../shared/storage-endpoint';
import { endpointScheme } from '../../../shared/validation/endpoint';

const aws = (region: string, secure = true) => ({ regionendpoint: '', secure, region });

describe('storageEndpoint: where S3 requests go (one rule for checks, Client trust and provisioning)', () => {
  it.each([
    [aws('eu-central-1'), { scheme: 'https', host: 's3.eu-central-1.amazonaws.com', port: 443, url: 'https://s3.eu-central-1.amazonaws.com' }],
    [aws('cn-northwest-1'), { scheme: 'https', host: 's3.cn-northwest-1.amazonaws.com.cn', port: 443, url: 'https://s3.cn-northwest-1.amazonaws.com.cn' }],
    [aws('us-gov-west-1'), { scheme: 'https', host: 's3.us-gov-west-1.amazonaws.com', port: 443, url: 'https://s3.us-gov-west-1.amazonaws.com' }],
    [aws('eu-west-1', false), { scheme: 'http', host: 's3.eu-west-1.amazonaws.com', port: 80, url: 'http://s3.eu-west-1.amazonaws.com' }],
    [{ regionendpoint: 'https://rgw.lab:7480', secure: true, region: 'us-east-1' }, { scheme: 'https', host: 'rgw.lab', port: 7480, url: 'https://rgw.lab:7480' }],
    // a bare host gets the scheme "Use HTTPS" says; the endpoint's own scheme wins over it
    [{ regionendpoint: 'minio.lab:9000', secure: true, region: 'us-east-1' }, { scheme: 'https', host: 'minio.lab', port: 9000, url: 'https://minio.lab:9000' }],
    [{ regionendpoint: 'http://rgw.lab', secure: true, region: 'us-east-1' }, { scheme: 'http', host: 'rgw.lab', port: 80, url: 'http://rgw.lab' }],
    [{ regionendpoint: 'https://[::1]:8443', secure: true, region: 'us-east-1' }, { scheme: 'https', host: '::1', port: 8443, url: 'https://[::1]:8443' }],
  ])('%o → %o', (config, expected) => {
    expect(storageEndpoint(config)).toEqual(expected);
  });

  it('an endpoint that is not a URL has no target', () => {
    expect(storageEndpoint({ regionendpoint: 'https://bad host', secure: true, region: 'us-east-1' })).toBeUndefined();
  });

  it("AWS's regional endpoint URL is in the region's partition", () => {
    expect(awsS3EndpointUrl('cn-north-1')).toBe('https://s3.cn-north-1.amazonaws.com.cn');
    expect(awsS3EndpointUrl('ap-southeast-2')).toBe('https://s3.ap-southeast-2.amazonaws.com');
  });
});

describe('endpointScheme: the scheme as typed, in any case', () => {
  it.each([
    ['https://minio:9000', 'https'],
    ['HTTPS://minio:9000', 'https'],
    ['HTTP://minio:9000', 'http'],
    [' http://minio', 'http'],
    ['minio:9000', undefined],
    ['ftp://minio', undefined],
    ['', undefined],
  ])('%j → %s', (value, scheme) => {
    expect(endpointScheme(value)).toBe(scheme);
  });
});
