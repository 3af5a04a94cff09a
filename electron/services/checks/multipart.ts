import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ProbeFailure, pass, type ProbeDefinition } from './context';
import { probeKey } from './object-rw';
import { S3_OPS, sendS3 } from './s3-call';

const notFound = (what: string, fix: string) =>
  new ProbeFailure({ code: 'MULTIPART_INCONSISTENT', message: what, fix });

/**
 * The calls every push makes: create → upload a part → ListMultipartUploads finds it → ListParts shows
 * the part → abort. The two listings only need the part, so they run at once. A denial names the
 * action (ListMultipartUploads and ListParts are the ones policies most often miss).
 */
export const multipartProbe: ProbeDefinition = {
  id: 'multipart',
  async run(ctx) {
    const { bucket } = ctx.config;
    const key = probeKey(ctx, 'multipart');
    ctx.ledger.trackUploads(key);
    const created = await sendS3(ctx, new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), S3_OPS.createMultipart).catch(
      (error: unknown) => {
        if (error instanceof ProbeFailure && error.createdNothing) ctx.ledger.uploadsGone(key);
        throw error;
      },
    );
    const uploadId = created.output.UploadId ?? '';
    ctx.ledger.knownUpload(key, uploadId);
    const part = randomBytes(1024);
    const uploaded = await sendS3(
      ctx,
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: part }),
      S3_OPS.uploadPart,
    );
    const [uploads, parts] = await Promise.all([
      sendS3(ctx, new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }), S3_OPS.listMultipartUploads),
      sendS3(ctx, new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), S3_OPS.listParts),
    ]);
    if (!(uploads.output.Uploads ?? []).some((u) => u.UploadId === uploadId)) {
      throw notFound('ListMultipartUploads did not return the upload just created, so the registry could not resume uploads.', 'Check the service\'s multipart support and consistency.');
    }
    const listedPart = (parts.output.Parts ?? []).find((p) => p.PartNumber === 1);
    if (!listedPart || listedPart.ETag !== uploaded.output.ETag) {
      throw notFound('ListParts did not return the part just uploaded (or its ETag differs).', 'Check the service\'s multipart support and consistency.');
    }
    await sendS3(ctx, new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), S3_OPS.abortMultipart);
    ctx.ledger.uploadsGone(key);
    return pass({ key, uploadId, partBytes: part.length, etag: listedPart.ETag ?? '', found: 'upload and part listed, then aborted' });
  },
};
