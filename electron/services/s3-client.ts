import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { StorageConfig, StorageCredentials } from '../../shared/storage-config';

export interface S3ClientOptions {
  /** Static keys; omit to use the AWS SDK's default credential chain (env, profiles, SSO, instance role). */
  credentials?: StorageCredentials;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries are the caller's business for probes (a probe must report what happened, not hide it). */
  maxAttempts?: number;
}

type EndpointFields = Pick<
  StorageConfig,
  'provider' | 'region' | 'regionendpoint' | 'forcepathstyle' | 'secure' | 'skipverify' | 'ca'
>;

/**
 * Build an S3 client exactly as the configuration describes: endpoint, region, addressing style and
 * TLS trust. A custom CA *replaces* the default trust for this client, like the registry process
 * would see it when its trust is configured with that CA only; `skipverify` turns verification off.
 */
export function createS3Client(config: EndpointFields, options: S3ClientOptions = {}): S3Client {
  const tls = config.skipverify ? { rejectUnauthorized: false } : config.ca.trim() ? { ca: config.ca } : {};
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16, ...tls });
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  const endpoint = config.regionendpoint.trim() || undefined;
  return new S3Client({
    region: config.region || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: config.forcepathstyle,
    tls: config.secure,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 1,
    // Checksums on every request would be rejected by some S3-compatible servers; only when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      httpsAgent,
      httpAgent,
      connectionTimeout: options.connectTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 15_000,
    }),
  });
}
