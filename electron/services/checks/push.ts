import { randomBytes } from 'node:crypto';
import { ProbeFailure, pass, probeKey, settleAll, type ProbeContext, type ProbeDefinition } from './context';
import {
  completeWriter,
  copyObject,
  createWriter,
  deleteObjects,
  listForDelete,
  putContent,
  readContent,
  resumeWriter,
  stat,
  uploadPart,
  uploadPartCopy,
} from './driver-calls';

const inconsistent = (message: string, evidence: Record<string, string | number>) =>
  new ProbeFailure(
    { code: 'PUSH_INCONSISTENT', message, fix: 'Check the service\'s multipart and copy support, and for a proxy or gateway that alters objects or spreads requests over unsynchronised servers.' },
    evidence,
  );

/** Create with the ledger told first: a key is recorded before the call that may create it. */
async function tracked<T>(ctx: ProbeContext, key: string, kind: 'object' | 'upload', create: () => Promise<T>): Promise<T> {
  if (kind === 'object') ctx.ledger.trackObject(key);
  else ctx.ledger.trackUploads(key);
  return create().then((created) => {
    // An upload whose id is known can be aborted without listing uploads (which may be the denied call).
    if (kind === 'upload' && typeof created === 'string') ctx.ledger.knownUpload(key, created);
    return created;
  }, (error: unknown) => {
    if (error instanceof ProbeFailure && error.createdNothing) {
      if (kind === 'object') ctx.ledger.objectGone(key);
      else ctx.ledger.uploadsGone(key);
    }
    throw error;
  });
}

/**
 * A blob push, call by call as the driver makes them (each with the driver's headers): PutContent of
 * `startedat`; the Writer's CreateMultipartUpload, its resume on PATCH (ListMultipartUploads +
 * ListParts), UploadPart and Commit (CompleteMultipartUpload); Stat; Move = CopyObject, and the
 * multipart copy (UploadPartCopy) the driver uses above multipartcopythresholdsize; reads back; then
 * Delete = list + DeleteObjects on everything written. Independent calls run together, in five stages.
 */
export const pushProbe: ProbeDefinition = {
  id: 'push',
  async run(ctx) {
    const keys = {
      startedAt: probeKey(ctx, 'push/_uploads/startedat'),
      data: probeKey(ctx, 'push/_uploads/data'),
      blob: probeKey(ctx, 'push/blobs/data'),
      bigBlob: probeKey(ctx, 'push/blobs/data-multipart-copy'),
    };
    const startedAt = new TextEncoder().encode(new Date(ctx.now()).toISOString());
    const layer = randomBytes(2048);

    // 1: PutContent(startedat); Writer for the upload; a second upload as the multipart-copy target.
    const [, dataUpload, copyUpload] = await settleAll([
      tracked(ctx, keys.startedAt, 'object', () => putContent(ctx, keys.startedAt, startedAt)),
      tracked(ctx, keys.data, 'upload', () => createWriter(ctx, keys.data)),
      tracked(ctx, keys.bigBlob, 'upload', () => createWriter(ctx, keys.bigBlob)),
    ]);

    // 2: the PATCH's resume and the part; Stat, read back, CopyObject and UploadPartCopy of startedat.
    const [resumed, partTag, startedStat, startedRead, , copyPartTag] = await settleAll([
      resumeWriter(ctx, keys.data, dataUpload),
      uploadPart(ctx, keys.data, dataUpload, 1, layer),
      stat(ctx, keys.startedAt),
      readContent(ctx, keys.startedAt),
      tracked(ctx, keys.blob, 'object', () => copyObject(ctx, keys.startedAt, keys.blob)),
      uploadPartCopy(ctx, keys.startedAt, startedAt.length, keys.bigBlob, copyUpload),
    ]);
    if (!resumed.listed) throw inconsistent('ListMultipartUploads did not return the upload just created, so the registry could not resume an upload.', { uploadId: dataUpload });
    if (!startedStat.found || startedStat.size !== startedAt.length) throw inconsistent(`Stat (${startedStat.calls.join(' → ')}) did not find the object just written with its size.`, { key: keys.startedAt });
    if (!startedRead.equals(Buffer.from(startedAt))) throw inconsistent('The object read back differs from what PutObject wrote.', { key: keys.startedAt });

    // 3: Commit both uploads.
    await settleAll([
      tracked(ctx, keys.data, 'object', () => completeWriter(ctx, keys.data, dataUpload, [partTag])).then(() => ctx.ledger.uploadsGone(keys.data)),
      tracked(ctx, keys.bigBlob, 'object', () => completeWriter(ctx, keys.bigBlob, copyUpload, [copyPartTag])).then(() => ctx.ledger.uploadsGone(keys.bigBlob)),
    ]);

    // 4: read back what the writer and the copies produced; Delete's listing of the push directory.
    const pushDir = probeKey(ctx, 'push/');
    const [layerRead, blobRead, bigRead, listed] = await settleAll([
      readContent(ctx, keys.data),
      readContent(ctx, keys.blob),
      readContent(ctx, keys.bigBlob),
      listForDelete(ctx, pushDir),
    ]);
    if (!layerRead.equals(layer)) throw inconsistent(`The completed multipart upload reads back ${layerRead.length} bytes that differ from the ${layer.length} written.`, { key: keys.data });
    for (const [key, read] of [[keys.blob, blobRead], [keys.bigBlob, bigRead]] as const) {
      if (!read.equals(Buffer.from(startedAt))) throw inconsistent('A copied object differs from its source.', { key });
    }
    const written = Object.values(keys);
    const seen = listed.contents.map((c) => c.Key ?? '');
    const missing = written.filter((k) => !seen.includes(k));
    if (missing.length) throw inconsistent(`${listed.op} under ${pushDir} did not list ${missing.join(', ')}, so the registry's Delete would leave them.`, { prefix: pushDir });

    // 5: DeleteObjects (the batch API) on what was listed.
    const deleted = await deleteObjects(ctx, seen);
    for (const key of deleted.deleted) ctx.ledger.objectGone(key);
    if (deleted.errors.length) {
      throw new ProbeFailure(
        {
          code: 'DELETE_OBJECTS_PARTIAL',
          message: `DeleteObjects answered 200 but did not delete: ${deleted.errors.slice(0, 5).join('; ')}. The registry treats that as a failed delete.`,
          fix: 'Allow s3:DeleteObject on the objects under the root directory (and, on Ceph RGW, on the bucket ARN too).',
          cause: deleted.errors[0],
        },
        { operation: 'DeleteObjects', iamAction: 's3:DeleteObject' },
      );
    }
    return pass({
      driver: ctx.driver,
      keys: written,
      bytes: layer.length,
      headers: headerSummary(ctx),
      calls: [
        'PutObject', 'CreateMultipartUpload ×2', 'ListMultipartUploads', 'ListParts', 'UploadPart', `Stat (${startedStat.calls.join(' → ')})`,
        'GetObject', 'CopyObject', 'UploadPartCopy', 'CompleteMultipartUpload ×2', 'GetObject ×3', listed.op, 'DeleteObjects',
      ],
      contentVerified: true,
    });
  },
};

/** The write headers as evidence (the KMS key id is not a secret, but say only whether one is set). */
function headerSummary(ctx: ProbeContext): Record<string, string> {
  const c = ctx.config;
  return {
    acl: c.objectacl,
    storageClass: c.storageclass === 'NONE' ? '(none sent)' : c.storageclass,
    serverSideEncryption: c.encrypt ? (c.keyid ? 'aws:kms' : 'AES256') : '(none)',
    ...(c.keyid ? { kmsKeyId: 'set' } : {}),
  };
}
