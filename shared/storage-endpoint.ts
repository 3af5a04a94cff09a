import type { StorageConfig } from './storage-config';
import { s3EndpointHost } from './validation/regions';

/** Where a configuration's S3 requests go: the endpoint, before any bucket is put in the host name. */
export interface StorageEndpoint {
  scheme: 'http' | 'https';
  /** The host, an IPv6 address without its brackets. */
  host: string;
  port: number;
  /** scheme://host[:port], for messages (never credentials: the rule refuses them in the endpoint). */
  url: string;
}

/** AWS's regional S3 endpoint for `region`, in its partition's domain (amazonaws.com.cn in China). */
export function awsS3EndpointUrl(region: string): string {
  return `https://${s3EndpointHost(region) ?? `s3.${region}.amazonaws.com`}`;
}

/**
 * The one rule for where S3 requests go: the region endpoint when one is set (a bare host gets the scheme
 * "Use HTTPS" says), else AWS's regional endpoint in the region's partition. The checks' probe target, the
 * Client trust step's storage inspection and provisioning's messages all use it. undefined when the
 * endpoint is not a URL (the endpoint rule in shared/validation/endpoint.ts says why).
 */
export function storageEndpoint(config: Pick<StorageConfig, 'regionendpoint' | 'secure' | 'region'>): StorageEndpoint | undefined {
  const raw = config.regionendpoint.trim();
  const scheme = config.secure ? 'https' : 'http';
  let url: URL;
  try {
    url = new URL(!raw ? awsS3EndpointUrl(config.region).replace(/^https:/, `${scheme}:`) : raw.includes('://') ? raw : `${scheme}://${raw}`);
  } catch {
    return undefined;
  }
  const used = url.protocol === 'http:' ? 'http' : 'https';
  return {
    scheme: used,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : used === 'https' ? 443 : 80,
    url: `${used}://${url.host}`,
  };
}
