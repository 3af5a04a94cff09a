import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { StorageConfig, StorageCredentials } from '../../shared/storage-config';

export interface S3ClientOptions {
  /** Static keys; omit to use the AWS SDK's own chain (env, shared config/credentials profiles, SSO, roles). */
  credentials?: StorageCredentials;
  /**
   * Unsigned requests, and never the chain: for a keyless registry, whose identity this machine does not have
   * (shared/keyless.ts). An answer (even 403) still carries the server's Date and TLS.
   */
  anonymous?: boolean;
  /** With the chain: the named AWS profile in ~/.aws/config / credentials (default: AWS_PROFILE or "default"). */
  awsProfile?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries are the caller's business for probes (a probe must report what happened, not hide it). */
  maxAttempts?: number;
  /** Milliseconds added to this machine's clock when signing (the SDK's systemClockOffset). */
  clockOffsetMs?: number;
  maxSockets?: number;
}

/** The request type the handler sends (smithy's HttpRequest, without depending on @smithy/types directly). */
type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];

/** The credentials the client signs with: static keys, or the SDK's provider chain (lazy, cached). */
export function signingCredentials(options: Pick<S3ClientOptions, 'credentials' | 'awsProfile'>) {
  // A copy: the SDK tags the credentials object it is given (it adds `$source`), and the caller's
  // StorageCredentials must stay exactly what the contract's strict schemas accept.
  if (options.credentials) return { ...options.credentials };
  return fromNodeProviderChain(options.awsProfile ? { profile: options.awsProfile } : {});
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
  const maxSockets = options.maxSockets ?? 16;
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets, ...tls });
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const endpoint = config.regionendpoint.trim() || undefined;
  return new S3Client({
    region: config.region || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: config.forcepathstyle,
    tls: config.secure,
    ...(options.anonymous
      ? { credentials: { accessKeyId: '', secretAccessKey: '' }, signer: { sign: (request: HttpRequest) => Promise.resolve(request) } }
      : { credentials: signingCredentials(options) }),
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.clockOffsetMs ? { systemClockOffset: options.clockOffsetMs } : {}),
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
