import { isIP } from 'node:net';
import type { StorageConfig } from '../../../shared/storage-config';
import { storageEndpoint } from '../../../shared/storage-endpoint';
import { s3KeyForPath } from '../../../shared/validation/root-directory';

/** Where the S3 requests of a configuration really go: scheme, host, port and the addressing style. */
export interface ProbeTarget {
  scheme: 'http' | 'https';
  /** The endpoint's host (no bucket). */
  host: string;
  port: number;
  /** Bucket in the host name (virtual-host addressing), as the AWS SDK and the driver will do it. */
  virtualHost: boolean;
  /** The host the requests connect to: `<bucket>.<host>` with virtual-host addressing, else `host`. */
  connectHost: string;
  /** The endpoint as a URL without credentials, for messages. */
  endpointUrl: string;
}

const dnsLabels = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Mirror the SDK's endpoint rules: virtual-host addressing unless path style is forced, the endpoint is
 * an IP address, or the bucket name cannot be a host name (dotted names only over plain HTTP, since a
 * wildcard certificate cannot cover them).
 */
export function resolveTarget(config: StorageConfig): ProbeTarget {
  const endpoint = storageEndpoint(config);
  if (!endpoint) throw new TypeError(`Invalid URL: ${config.regionendpoint}`);
  const { scheme, host, port } = endpoint;
  const bucket = config.bucket;
  const virtualHost =
    !config.forcepathstyle &&
    isIP(host) === 0 &&
    dnsLabels.test(bucket) &&
    (!bucket.includes('.') || scheme === 'http');
  return {
    scheme,
    host,
    port,
    virtualHost,
    connectHost: virtualHost ? `${bucket}.${host}` : host,
    endpointUrl: endpoint.url,
  };
}

/** The key the driver would use for `path` under the root directory (the model's own rule). */
export function keyUnderRoot(rootdirectory: string, path: string): string {
  return s3KeyForPath(rootdirectory, `/${path}`);
}
