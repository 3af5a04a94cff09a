import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * What the probes may have left on the server. A key is recorded *before* the request that could create
 * it, so an object or upload whose creation was cut off by a timeout or an abort is still swept.
 */
export class CleanupLedger {
  private readonly objects = new Set<string>();
  /** key → upload ids known so far; `complete` once the create call has answered (no unknown id can exist). */
  private readonly uploads = new Map<string, { ids: Set<string>; complete: boolean }>();

  trackObject(key: string): void {
    this.objects.add(key);
  }
  objectGone(key: string): void {
    this.objects.delete(key);
  }
  /** A multipart upload may exist under this key (its id may never have reached us). */
  trackUploads(key: string): void {
    this.uploads.set(key, { ids: new Set(), complete: false });
  }
  /** CreateMultipartUpload answered with this id: it can be aborted without listing (which may be denied). */
  knownUpload(key: string, uploadId: string): void {
    const entry = this.uploads.get(key) ?? { ids: new Set<string>(), complete: false };
    if (uploadId) entry.ids.add(uploadId);
    entry.complete = true;
    this.uploads.set(key, entry);
  }
  uploadsGone(key: string): void {
    this.uploads.delete(key);
  }
  get isEmpty(): boolean {
    return this.objects.size === 0 && this.uploads.size === 0;
  }

  /**
   * Delete every recorded object and abort every upload found under a recorded key. Runs with its own
   * signal (the probes' may be aborted). Returns what could not be removed, for the report.
   */
  async sweep(s3: S3Client, bucket: string, signal: AbortSignal): Promise<string[]> {
    const leftovers: string[] = [];
    const objectJobs = [...this.objects].map(async (key) => {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        this.objects.delete(key);
      } catch (error) {
        if (isMissing(error)) this.objects.delete(key);
        else leftovers.push(`object ${key}`);
      }
    });
    const abort = async (key: string, uploadId: string, failed: string[]) => {
      try {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal: signal });
      } catch (error) {
        if (!isMissing(error)) failed.push(`multipart upload ${uploadId} of ${key}`);
      }
    };
    const uploadJobs = [...this.uploads].map(async ([key, entry]) => {
      const failed: string[] = [];
      await Promise.all([...entry.ids].map((id) => abort(key, id, failed)));
      if (!entry.complete) {
        // The create call was cut off: an upload may exist whose id never reached us. Find it.
        try {
          const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }), { abortSignal: signal });
          const unknown = (listed.Uploads ?? []).filter((u) => u.Key === key && u.UploadId && !entry.ids.has(u.UploadId));
          await Promise.all(unknown.map((u) => abort(key, u.UploadId as string, failed)));
        } catch (error) {
          if (!isMissing(error)) failed.push(`multipart uploads under ${key} (could not list them)`);
        }
      }
      if (failed.length) leftovers.push(...failed);
      else this.uploads.delete(key);
    });
    await Promise.all([...objectJobs, ...uploadJobs]);
    return leftovers;
  }
}

/**
 * After a probe was cut off (timeout, cancel, deadline), a write it had sent may still land on the server
 * after the sweep deleted its key. List the run's own prefix once more and delete what is there; what
 * cannot be listed or deleted is reported. Bounded: one page of keys.
 */
export async function sweepRunPrefix(s3: S3Client, bucket: string, prefix: string, signal: AbortSignal): Promise<string[]> {
  const [objects, uploads] = await Promise.all([
    s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }), { abortSignal: signal }).catch(() => undefined),
    s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, MaxUploads: 1000 }), { abortSignal: signal }).catch(() => undefined),
  ]);
  // A listing may be denied: the ledger's sweep already said what it could not confirm.
  const left: string[] = [];
  const remove = async (what: string, send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (error) {
      if (!isMissing(error)) left.push(what);
    }
  };
  await Promise.all([
    ...(objects?.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).map((Key) =>
      remove(`object ${Key}`, () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }), { abortSignal: signal }))),
    ...(uploads?.Uploads ?? []).flatMap((u) => (u.Key && u.UploadId ? [{ Key: u.Key, UploadId: u.UploadId }] : [])).map((u) =>
      remove(`multipart upload ${u.UploadId} of ${u.Key}`, () => s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, ...u }), { abortSignal: signal }))),
  ]);
  return left;
}

/** NoSuchKey / NoSuchUpload / NoSuchBucket: there is nothing left to remove. */
function isMissing(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return name === 'NoSuchKey' || name === 'NoSuchUpload' || name === 'NoSuchBucket' || name === 'NotFound';
}
