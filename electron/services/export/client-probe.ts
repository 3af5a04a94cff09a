import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type GetObjectCommandInput, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { AppError } from '../../../shared/app-error';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import { clientProbeBody, clientProbeKey, clientProbeMaxTtlSeconds } from '../../../shared/trust/client-probe';
import { createS3Client } from '../s3-client';

/** What the bundle carries about the probe; the URL grants read of that one object until `expiresAt`. */
export interface ClientProbe {
  key: string;
  url: string;
  body: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Presign a GET exactly as the S3 client would send it (endpoint, addressing style, region): the
 * request is built by the client's own middleware stack and caught just before it would be signed.
 */
async function presignGet(s3: S3Client, bucket: string, key: string, expiresIn: number, signingDate: Date): Promise<string> {
  const command = new GetObjectCommand({ Bucket: bucket, Key: key });
  let url: string | undefined;
  const intercept: FinalizeRequestMiddleware<GetObjectCommandInput, GetObjectCommandOutput> = () => async (args) => {
    const request = args.request as { protocol: string; hostname: string; port?: number; path: string; query?: Record<string, string> };
    const host = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
    const signer = new SignatureV4({
      service: 's3',
      region: await s3.config.region(),
      credentials: await s3.config.credentials(),
      sha256: s3.config.sha256,
      uriEscapePath: false, // S3 keys are encoded once, by the serializer
    });
    // Only the Host header is signed: curl and Docker send nothing else the signature would cover.
    const signed = await signer.presign(
      { method: 'GET', protocol: request.protocol, hostname: request.hostname, port: request.port, path: request.path,
        query: { ...(request.query ?? {}) }, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { expiresIn, signingDate },
    );
    const query = Object.entries(signed.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    url = `${request.protocol}//${host}${request.path}?${query}`;
    return { output: { $metadata: {} }, response: {} };
  };
  command.middlewareStack.addRelativeTo(intercept, { name: 'clientProbePresign', relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true });
  await s3.send(command);
  if (!url) throw new AppError({ code: 'CLIENT_PROBE_PRESIGN_FAILED', message: 'The presigned URL for the client probe could not be built.' });
  return url;
}

/**
 * Write the probe object under the root directory and presign a GET for it, valid `ttlSeconds`
 * (at most 7 days). Uses the registry's keys: the URL is what the registry itself would hand out.
 */
export async function createClientProbe(config: StorageConfig, credentials: StorageCredentials | undefined, ttlSeconds: number, now = new Date()): Promise<ClientProbe> {
  const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), clientProbeMaxTtlSeconds);
  const id = randomBytes(8).toString('hex');
  const expiresAt = Math.floor(now.getTime() / 1000) + ttl;
  const key = clientProbeKey(config.rootdirectory, expiresAt, id);
  const body = clientProbeBody(id);
  const s3 = createS3Client(config, { credentials });
  try {
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: 'text/plain' }));
    return { key, body, expiresAt, url: await presignGet(s3, config.bucket, key, ttl, now) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const name = (error as { name?: string; code?: string })?.code ?? (error as Error)?.name ?? 'unknown';
    throw new AppError({
      code: 'CLIENT_PROBE_WRITE_FAILED',
      message: `The client probe could not be written to bucket ${config.bucket} (${name}).`,
      fix: 'Run `check` for this configuration first: it names the failing permission or connection. Or export without --client-probe.',
      cause: name,
    });
  } finally {
    s3.destroy();
  }
}
