// The S3 calls one full check makes (driver 2.8), one after another, through an adapter:
//   call(operation, input) sends one S3 API call and returns its output;
//   fetchPresigned(method, key) presigns and fetches without credentials (may be undefined: skipped).
// The runner makes the same calls (see electron/services/checks/*); here nothing runs concurrently,
// so this is the baseline the parallel runner is compared with.
export async function replayProbeCalls({ call, fetchPresigned, bucket, root, withGetBucketLocation = false }) {
  const run = `${root}/dtr-s3-assistant-probe/seq-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
  const k = (name) => `${run}/${name}`;
  const body = Buffer.alloc(2048, 7);
  const small = Buffer.from(new Date().toISOString());
  const write = { ContentType: 'application/octet-stream', ACL: 'private', StorageClass: 'STANDARD' };
  let calls = 0;
  const c = async (op, input) => { calls++; return call(op, { Bucket: bucket, ...input }); };

  await c('HeadBucket', {}); // clock
  await c('ListBuckets', {}).catch(() => undefined); // credentials (no Bucket needed; extra field ignored by the adapter)
  await c('HeadBucket', {}); // bucket-region
  if (withGetBucketLocation) await c('GetBucketLocation', {});
  await c('GetObject', { Key: `${root}/docker/registry/v2/repositories/seq/_layers/sha256/${'0'.repeat(64)}/link`, Range: 'bytes=0-' }).catch(() => undefined); // missing-key: 404 expected
  // push
  await c('PutObject', { Key: k('push/_uploads/startedat'), Body: small, ...write });
  const { UploadId: data } = await c('CreateMultipartUpload', { Key: k('push/_uploads/data'), ...write });
  const { UploadId: copy } = await c('CreateMultipartUpload', { Key: k('push/blobs/big'), ...write });
  await c('ListMultipartUploads', { Prefix: k('push/_uploads/data') });
  await c('ListParts', { Key: k('push/_uploads/data'), UploadId: data });
  const { ETag } = await c('UploadPart', { Key: k('push/_uploads/data'), UploadId: data, PartNumber: 1, Body: body });
  await c('ListObjects', { Prefix: k('push/_uploads/startedat'), MaxKeys: 1 });
  await c('GetObject', { Key: k('push/_uploads/startedat'), Range: 'bytes=0-' });
  await c('CopyObject', { Key: k('push/blobs/data'), CopySource: `${bucket}/${k('push/_uploads/startedat')}`, ...write });
  const part = await c('UploadPartCopy', { Key: k('push/blobs/big'), UploadId: copy, PartNumber: 1, CopySource: `${bucket}/${k('push/_uploads/startedat')}`, CopySourceRange: `bytes=0-${small.length - 1}` });
  await c('CompleteMultipartUpload', { Key: k('push/_uploads/data'), UploadId: data, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } });
  await c('CompleteMultipartUpload', { Key: k('push/blobs/big'), UploadId: copy, MultipartUpload: { Parts: [{ ETag: part.CopyPartResult?.ETag, PartNumber: 1 }] } });
  for (const name of ['push/_uploads/data', 'push/blobs/data', 'push/blobs/big']) await c('GetObject', { Key: k(name), Range: 'bytes=0-' });
  const listed = await c('ListObjects', { Prefix: k('push/') });
  await c('DeleteObjects', { Delete: { Objects: (listed.Contents ?? []).map((o) => ({ Key: o.Key })), Quiet: false } });
  // list
  await c('ListObjects', { Prefix: `${root}/docker/registry/v2/blobs/sha256/00/${'0'.repeat(64)}/data`, MaxKeys: 1 });
  await c('ListObjects', { Prefix: `${root}/docker/registry/v2/repositories/`, Delimiter: '/', MaxKeys: 1000 });
  await c('ListObjectsV2', { Prefix: `${root}/docker/registry/v2/repositories/`, Delimiter: '/', MaxKeys: 1000 });
  // pull
  await c('PutObject', { Key: k('pull/blob'), Body: body, ...write });
  if (fetchPresigned) {
    for (const method of ['GET', 'HEAD']) { calls++; await fetchPresigned(method, k('pull/blob')); }
  }
  await c('DeleteObject', { Key: k('pull/blob') });
  return calls;
}
