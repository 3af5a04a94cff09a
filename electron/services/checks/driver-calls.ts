import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type ServerSideEncryption,
  type StorageClass,
  type ObjectCannedACL,
} from '@aws-sdk/client-s3';
import { s3KeyForPath } from '../../../shared/validation/root-directory';
import { ProbeFailure, settleAll, type ProbeContext } from './context';
import { S3_OPS, sendS3 } from './s3-call';

/**
 * The Distribution S3 driver's calls, replayed with its parameters and headers
 * (registry/storage/driver/s3-aws/s3.go at v2.8.3 and v3.1.1). Where 2.8 and v3 differ, `ctx.driver`
 * decides. Every call goes through sendS3, so a failure names the call and the IAM action.
 */

/** The driver's listMax. */
const LIST_MAX = 1000;

/** What the driver sends on every write: PutObject, CreateMultipartUpload and CopyObject. */
export function driverWriteHeaders(config: ProbeContext['config']): {
  ContentType: string;
  ACL: ObjectCannedACL;
  ServerSideEncryption?: ServerSideEncryption;
  SSEKMSKeyId?: string;
  StorageClass?: StorageClass;
} {
  return {
    ContentType: 'application/octet-stream',
    ACL: config.objectacl,
    // getEncryptionMode: AES256 unless a KMS key id is given.
    ...(config.encrypt ? { ServerSideEncryption: (config.keyid ? 'aws:kms' : 'AES256') } : {}),
    ...(config.keyid ? { SSEKMSKeyId: config.keyid } : {}),
    // "NONE" means: send no storage class (for servers that do not support it).
    ...(config.storageclass !== 'NONE' ? { StorageClass: config.storageclass } : {}),
  };
}

/** s3Path: the key of a storage path ("/docker/registry/v2/...") under the root directory. */
export const driverKey = (ctx: ProbeContext, path: string): string => s3KeyForPath(ctx.config.rootdirectory, path);

const bucketOf = (ctx: ProbeContext) => ctx.config.bucket;

/** PutContent: one PutObject with the write headers. */
export const putContent = (ctx: ProbeContext, key: string, body: Uint8Array) =>
  sendS3(ctx, new PutObjectCommand({ Bucket: bucketOf(ctx), Key: key, Body: body, ...driverWriteHeaders(ctx.config) }), S3_OPS.putObject);

/** Reader at offset 0: GetObject with `Range: bytes=0-`; the bytes read. */
export async function readContent(ctx: ProbeContext, key: string): Promise<Buffer> {
  const { output } = await sendS3(ctx, new GetObjectCommand({ Bucket: bucketOf(ctx), Key: key, Range: 'bytes=0-' }), S3_OPS.getObject);
  return Buffer.from((await output.Body?.transformToByteArray()) ?? []);
}

/** Writer (new): CreateMultipartUpload with the write headers; the upload id. */
export async function createWriter(ctx: ProbeContext, key: string): Promise<string> {
  const { output } = await sendS3(
    ctx,
    new CreateMultipartUploadCommand({ Bucket: bucketOf(ctx), Key: key, ...driverWriteHeaders(ctx.config) }),
    S3_OPS.createMultipart,
  );
  return output.UploadId ?? '';
}

/** Writer (resume, on every PATCH of an upload): ListMultipartUploads by prefix, then ListParts of the match. */
export async function resumeWriter(ctx: ProbeContext, key: string, uploadId: string): Promise<{ listed: boolean; parts: number }> {
  const [uploads, parts] = await settleAll([
    sendS3(ctx, new ListMultipartUploadsCommand({ Bucket: bucketOf(ctx), Prefix: key }), S3_OPS.listMultipartUploads),
    sendS3(ctx, new ListPartsCommand({ Bucket: bucketOf(ctx), Key: key, UploadId: uploadId }), S3_OPS.listParts),
  ]);
  const listed = (uploads.output.Uploads ?? []).some((u) => u.Key === key && u.UploadId === uploadId);
  return { listed, parts: parts.output.Parts?.length ?? 0 };
}

export async function uploadPart(ctx: ProbeContext, key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
  const { output } = await sendS3(
    ctx,
    new UploadPartCommand({ Bucket: bucketOf(ctx), Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }),
    S3_OPS.uploadPart,
  );
  return output.ETag ?? '';
}

/** Commit: CompleteMultipartUpload with the parts in order. */
export const completeWriter = (ctx: ProbeContext, key: string, uploadId: string, etags: string[]) =>
  sendS3(
    ctx,
    new CompleteMultipartUploadCommand({
      Bucket: bucketOf(ctx),
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
    }),
    S3_OPS.completeMultipart,
  );

/** Move below multipartcopythresholdsize: CopyObject with the write headers. */
export const copyObject = (ctx: ProbeContext, source: string, target: string) =>
  sendS3(
    ctx,
    new CopyObjectCommand({ Bucket: bucketOf(ctx), Key: target, CopySource: `${bucketOf(ctx)}/${source}`, ...driverWriteHeaders(ctx.config) }),
    S3_OPS.copyObject,
  );

/** Move above multipartcopythresholdsize, one part: UploadPartCopy with a byte range of the source. */
export async function uploadPartCopy(ctx: ProbeContext, source: string, size: number, target: string, uploadId: string): Promise<string> {
  const { output } = await sendS3(
    ctx,
    new UploadPartCopyCommand({
      Bucket: bucketOf(ctx),
      Key: target,
      UploadId: uploadId,
      PartNumber: 1,
      CopySource: `${bucketOf(ctx)}/${source}`,
      CopySourceRange: `bytes=0-${size - 1}`,
    }),
    S3_OPS.uploadPartCopy,
  );
  return output.CopyPartResult?.ETag ?? '';
}

export interface StatResult {
  found: boolean;
  size?: number;
  /** The calls made, in order. */
  calls: string[];
}

/** The first-page listing of keys under a prefix, as 2.8 (ListObjects v1) or v3 (ListObjectsV2) does it. */
async function listKeys(ctx: ProbeContext, input: { Prefix: string; MaxKeys?: number; Delimiter?: string }) {
  const request = { Bucket: bucketOf(ctx), ...input };
  if (ctx.driver === '2.8') {
    const { output } = await sendS3(ctx, new ListObjectsCommand(request), S3_OPS.listObjects);
    return { op: 'ListObjects', contents: output.Contents ?? [], prefixes: output.CommonPrefixes ?? [] };
  }
  const { output } = await sendS3(ctx, new ListObjectsV2Command(request), S3_OPS.listObjectsV2);
  return { op: 'ListObjectsV2', contents: output.Contents ?? [], prefixes: output.CommonPrefixes ?? [] };
}

/** Stat: 2.8 lists one key (ListObjects v1); v3 tries HeadObject and falls back to ListObjectsV2 on any S3 error. */
export async function stat(ctx: ProbeContext, key: string): Promise<StatResult> {
  const calls: string[] = [];
  if (ctx.driver === '3') {
    calls.push('HeadObject');
    try {
      const { output } = await sendS3(ctx, new HeadObjectCommand({ Bucket: bucketOf(ctx), Key: key }), S3_OPS.headObject);
      return { found: true, size: output.ContentLength ?? 0, calls };
    } catch (error) {
      // statHead → statList only for an answer from S3 (an awserr); a transport failure is final.
      if (!(error instanceof ProbeFailure) || typeof error.evidence.httpStatus !== 'number') throw error;
    }
  }
  const listed = await listKeys(ctx, { Prefix: key, MaxKeys: 1 });
  calls.push(listed.op);
  const first = listed.contents[0];
  if (first?.Key === key) return { found: true, size: first.Size ?? 0, calls };
  return { found: listed.contents.length > 0 || listed.prefixes.length > 0, calls };
}

/** List (one directory level): ListObjects v1 (2.8) or ListObjectsV2 (v3), delimiter "/". */
export async function listDirectory(ctx: ProbeContext, prefix: string) {
  return listKeys(ctx, { Prefix: prefix, Delimiter: '/', MaxKeys: LIST_MAX });
}

/** Walk (catalog, GC): ListObjectsV2 in both; 2.8 per directory level, v3 flat from StartAfter. */
export async function walk(ctx: ProbeContext, prefix: string) {
  const input = ctx.driver === '2.8'
    ? { Prefix: prefix, Delimiter: '/', MaxKeys: LIST_MAX }
    : { Prefix: prefix, MaxKeys: LIST_MAX, StartAfter: driverKey(ctx, '') };
  const { output } = await sendS3(ctx, new ListObjectsV2Command({ Bucket: bucketOf(ctx), ...input }), S3_OPS.listObjectsV2);
  return { contents: output.Contents ?? [], prefixes: output.CommonPrefixes ?? [] };
}

/** Delete, first half: list everything under the path (ListObjects v1 in 2.8, ListObjectsV2 in v3). */
export const listForDelete = (ctx: ProbeContext, prefix: string) => listKeys(ctx, { Prefix: prefix });

/** Delete, second half: DeleteObjects (Quiet false) on the listed keys; the keys it did not delete. */
export async function deleteObjects(ctx: ProbeContext, keys: string[]): Promise<{ deleted: string[]; errors: string[] }> {
  const { output } = await sendS3(
    ctx,
    new DeleteObjectsCommand({ Bucket: bucketOf(ctx), Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: false } }),
    S3_OPS.deleteObjects,
  );
  return {
    deleted: (output.Deleted ?? []).map((d) => d.Key ?? ''),
    errors: (output.Errors ?? []).map((e) => `${e.Key ?? '?'}: ${e.Code ?? 'error'}`),
  };
}
