import type { S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { Command, HttpResponse } from '@smithy/types';
import { AppError } from '../../../shared/app-error';
import { diagnoseS3Error, diagnoseTimeout, diagnoseTransport } from '../../../shared/diagnosis';
import type { Diagnosis } from '../../../shared/checks';
import { ProbeFailure, type ProbeContext } from './context';
import { bucketArn, objectArn } from '../../../shared/iam-policy';
import { partitionOfRegion } from '../../../shared/validation/regions';

/** What the wire said, whatever the outcome: the status, the server's clock and the bucket's region. */
export interface ResponseFacts {
  httpStatus?: number;
  /** Server time minus this client's time at the request's midpoint (Date has 1 s resolution). */
  clockOffsetMs?: number;
  serverDate?: string;
  bucketRegion?: string;
  roundTripMs: number;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  cause?: { code?: string };
  $metadata?: { httpStatusCode?: number };
  $response?: HttpResponse;
}

/** The operation, the IAM action it needs and what that action is evaluated against: a denial names all three. */
export interface S3Operation {
  operation: string;
  action: string;
  /** Bucket actions are evaluated against the bucket ARN, object actions against the object ARN (default: none named). */
  resource?: 'bucket' | 'object' | 'none';
  /** A server-specific requirement worth saying when it is denied. */
  note?: string;
}

const op = (operation: string, action: string, resource: S3Operation['resource'], note?: string): S3Operation => ({
  operation, action, resource, ...(note ? { note } : {}),
});
/** The S3 calls the probes make (the driver's own, plus the advisory ones), with the IAM action of each. */
export const S3_OPS = {
  listBuckets: op('ListBuckets', 's3:ListAllMyBuckets', 'none'),
  headBucket: op('HeadBucket', 's3:ListBucket', 'bucket'),
  getBucketLocation: op('GetBucketLocation', 's3:GetBucketLocation', 'bucket'),
  putObject: op('PutObject', 's3:PutObject', 'object'),
  getObject: op('GetObject', 's3:GetObject', 'object'),
  headObject: op('HeadObject', 's3:GetObject', 'object'),
  deleteObject: op('DeleteObject', 's3:DeleteObject', 'object'),
  listObjects: op('ListObjects', 's3:ListBucket', 'bucket'),
  listObjectsV2: op('ListObjectsV2', 's3:ListBucket', 'bucket'),
  createMultipart: op('CreateMultipartUpload', 's3:PutObject', 'object'),
  uploadPart: op('UploadPart', 's3:PutObject', 'object'),
  completeMultipart: op('CompleteMultipartUpload', 's3:PutObject', 'object'),
  listMultipartUploads: op('ListMultipartUploads', 's3:ListBucketMultipartUploads', 'bucket'),
  listParts: op('ListParts', 's3:ListMultipartUploadParts', 'object'),
  abortMultipart: op('AbortMultipartUpload', 's3:AbortMultipartUpload', 'object'),
  copyObject: op('CopyObject', 's3:PutObject', 'object', 'A copy also needs s3:GetObject on the source object.'),
  uploadPartCopy: op('UploadPartCopy', 's3:PutObject', 'object', 'A part copy also needs s3:GetObject on the source object.'),
  deleteObjects: op(
    'DeleteObjects',
    's3:DeleteObject',
    'object',
    'Ceph RGW evaluates DeleteObjects against the bucket ARN: there s3:DeleteObject must also be granted on the bucket ARN itself, object-ARN grants are not enough.',
  ),
} as const;

type S3Command<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<ServiceInputTypes, I, ServiceOutputTypes, O, S3ClientResolvedConfig>;

function headerOf(response: HttpResponse | undefined, name: string): string | undefined {
  const value = response?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Send one S3 command under the probe's signal and learn the response facts (also from an error
 * answer). A failure becomes a ProbeFailure whose diagnosis names the operation and the action.
 */
export async function sendS3<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  ctx: ProbeContext,
  command: S3Command<I, O>,
  s3op: S3Operation,
): Promise<{ output: O; facts: ResponseFacts }> {
  let response: HttpResponse | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        response = result.response as HttpResponse;
        return result;
      } catch (error) {
        response = (error as SdkErrorShape).$response ?? response;
        throw error;
      }
    },
    { step: 'deserialize', priority: 'low', name: 'captureResponseFacts' },
  );
  const started = ctx.now();
  const t0 = performance.now();
  const facts = (): ResponseFacts => {
    const roundTripMs = performance.now() - t0;
    const serverDate = headerOf(response, 'date');
    const serverMs = serverDate ? Date.parse(serverDate) : Number.NaN;
    return {
      httpStatus: response?.statusCode,
      roundTripMs,
      // Date is truncated to the second: its midpoint (+500 ms) is the best estimate of the server's time.
      ...(Number.isFinite(serverMs) ? { serverDate, clockOffsetMs: Math.round(serverMs + 500 - (started + roundTripMs / 2)) } : {}),
      ...(headerOf(response, 'x-amz-bucket-region') ? { bucketRegion: headerOf(response, 'x-amz-bucket-region') } : {}),
    };
  };
  try {
    const output = await ctx.s3.send(command, { abortSignal: ctx.signal });
    return { output, facts: facts() };
  } catch (error) {
    const f = facts();
    const code = errorCode(error);
    const createdNothing = f.httpStatus ? f.httpStatus >= 300 : code !== undefined && undeliveredCodes.has(code);
    throw new ProbeFailure(diagnoseSdkError(ctx, error, s3op, f), {
      operation: s3op.operation,
      iamAction: s3op.action,
      ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}),
      ...(errorCode(error) ? { errorCode: errorCode(error) as string } : {}),
      ...(f.serverDate ? { serverDate: f.serverDate } : {}),
      ...(f.clockOffsetMs !== undefined ? { clockOffsetMs: f.clockOffsetMs } : {}),
      ...(f.bucketRegion ? { bucketRegion: f.bucketRegion } : {}),
    }, createdNothing);
  }
}

/** Failures that happen before any request byte reaches the server. */
const undeliveredCodes = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT',
]);

function errorCode(error: unknown): string | undefined {
  const e = error as SdkErrorShape;
  const code = e?.code ?? e?.cause?.code;
  // Node reports a TLS record that is not TLS (a plain-HTTP answer) as a bare EPROTO on write.
  if (code === 'EPROTO' && /wrong version number/i.test(e.message ?? '')) return 'ERR_SSL_WRONG_VERSION_NUMBER';
  return code ?? (e?.$metadata?.httpStatusCode ? e.name : undefined);
}

/** Where an S3 call went, for its diagnosis: the probes' context, or a provisioning step's. */
export interface S3CallSite {
  endpointUrl: string;
  config: Pick<ProbeContext['config'], 'bucket' | 'region' | 'provider'> & Partial<Pick<ProbeContext['config'], 'rootdirectory' | 'encrypt' | 'keyid' | 'storageclass'>>;
  /** The caller's deadline, and whether it aborted the call. */
  timeoutMs?: number;
  aborted?: boolean;
}

/** The ARN a denied action was evaluated against, and what the server or the config adds to it. */
function resourceOf(site: S3CallSite, s3op: S3Operation): { resource?: string; note?: string } {
  const partition = partitionOfRegion(site.config.region) ?? 'aws';
  const resource = s3op.resource === 'bucket' ? bucketArn(partition, site.config.bucket)
    : s3op.resource === 'object' ? objectArn(partition, site.config.bucket, site.config.rootdirectory) : undefined;
  const kms = site.config.encrypt && site.config.keyid && s3op.resource === 'object'
    ? `With SSE-KMS (keyid ${site.config.keyid}) the principal also needs kms:GenerateDataKey and kms:Decrypt on that key.` : '';
  const note = [s3op.note, kms].filter(Boolean).join(' ');
  const both = s3op.operation === 'DeleteObjects' && resource ? `${resource} (and, on Ceph RGW, ${bucketArn(partition, site.config.bucket)})` : resource;
  return { ...(both ? { resource: both } : {}), ...(note ? { note } : {}) };
}

/** The calls that carry the driver's write headers (server-side encryption, storage class). */
const headerCarriers = new Set(['PutObject', 'CreateMultipartUpload', 'CopyObject', 'UploadPartCopy']);

/** The write headers `op` carried under this config (as the driver sends them), for the diagnosis. */
function sentHeaders(site: S3CallSite, op: S3Operation): { sent?: { kmsKeyId?: string; storageClass?: string } } {
  if (!headerCarriers.has(op.operation)) return {};
  const { encrypt, keyid, storageclass } = site.config;
  const sent = {
    ...(encrypt && keyid ? { kmsKeyId: keyid } : {}),
    ...(storageclass && storageclass !== 'NONE' && storageclass !== 'STANDARD' ? { storageClass: storageclass } : {}),
  };
  return Object.keys(sent).length ? { sent } : {};
}

/** A call that got no HTTP answer (S3 or IAM): the transport's diagnosis, the same for every service. */
export function diagnoseNoAnswer(error: unknown, operation: string, endpointUrl: string, timeoutMs?: number): Diagnosis {
  const e = (error ?? {}) as SdkErrorShape;
  const nodeCode = errorCode(error);
  const transport = diagnoseTransport(nodeCode);
  if (transport) return transport;
  if (e.name === 'TimeoutError') return diagnoseTimeout(operation, timeoutMs ?? 0);
  if (/Parse Error|Expected HTTP/i.test(e.message ?? '')) return diagnoseTransport('HPE_INVALID_CONSTANT') as Diagnosis;
  if (e.name === 'CredentialsProviderError') {
    return {
      code: 'NO_CREDENTIALS',
      message: 'No credentials were given and the AWS credential chain found none (environment, profiles, SSO, instance role).',
      fix: 'Enter an access key and secret key, or configure a profile / role for this machine.',
    };
  }
  return {
    code: 'CONNECTION_FAILED',
    message: `${operation} got no answer from ${endpointUrl}.`,
    fix: 'Check the endpoint, "Use HTTPS", and the network between here and the service.',
    cause: nodeCode ?? e.name ?? 'unknown',
  };
}

/**
 * The one S3 failure → diagnosis mapping (probes, provisioning): transport failures first (no HTTP
 * answer), then the S3 error code, then the bare HTTP status.
 */
export function diagnoseS3Failure(error: unknown, op: S3Operation, site: S3CallSite, facts: Partial<ResponseFacts> = {}): Diagnosis {
  const e = (error ?? {}) as SdkErrorShape;
  if (site.aborted) return diagnoseTimeout(op.operation, site.timeoutMs ?? 0);
  const status = e.$metadata?.httpStatusCode ?? facts.httpStatus;
  if (!status) return diagnoseNoAnswer(error, op.operation, site.endpointUrl, site.timeoutMs);
  return diagnoseS3Error(status ? e.name : undefined, status, {
    operation: op.operation,
    action: op.action,
    ...resourceOf(site, op),
    ...sentHeaders(site, op),
    bucket: site.config.bucket,
    region: site.config.region,
    provider: site.config.provider,
    endpoint: site.endpointUrl,
    ...(facts.bucketRegion ? { bucketRegion: facts.bucketRegion } : {}),
    ...(facts.clockOffsetMs !== undefined ? { clockOffsetMs: facts.clockOffsetMs } : {}),
  });
}

/** A failed SDK call as an error that crosses the boundary with its diagnosis (an AppError passes through). */
export function s3FailureError(error: unknown, op: S3Operation, site: S3CallSite): AppError {
  return error instanceof AppError ? error : new AppError(diagnoseS3Failure(error, op, site));
}

/** A probe's failure: its deadline is the probe context's. */
export function diagnoseSdkError(ctx: ProbeContext, error: unknown, op: S3Operation, facts: ResponseFacts): Diagnosis {
  return diagnoseS3Failure(error, op, { endpointUrl: ctx.target.endpointUrl, config: ctx.config, timeoutMs: ctx.timeoutMs, aborted: ctx.signal.aborted }, facts);
}
