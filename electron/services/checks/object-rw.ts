import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ProbeFailure, pass, type ProbeContext, type ProbeDefinition } from './context';
import { S3_OPS, sendS3 } from './s3-call';
import { keyUnderRoot } from './target';

/** Where this run's probe objects live: under the root directory, so a scoped policy is exercised. */
export const probeKey = (ctx: ProbeContext, name: string): string =>
  keyUnderRoot(ctx.config.rootdirectory, `dtr-s3-assistant-probe/${ctx.runId}/${name}`);

/** Write random bytes, read them back and compare, then delete: what the registry does for each blob. */
export const objectRwProbe: ProbeDefinition = {
  id: 'object-rw',
  async run(ctx) {
    const key = probeKey(ctx, 'object');
    const body = randomBytes(1024);
    const { bucket } = ctx.config;
    ctx.ledger.trackObject(key);
    const put = await sendS3(ctx, new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }), S3_OPS.putObject).catch(
      (error: unknown) => {
        if (error instanceof ProbeFailure && error.createdNothing) ctx.ledger.objectGone(key);
        throw error;
      },
    );
    const got = await sendS3(ctx, new GetObjectCommand({ Bucket: bucket, Key: key }), S3_OPS.getObject);
    const readBack = Buffer.from((await got.output.Body?.transformToByteArray()) ?? []);
    const evidence = {
      key,
      bytes: body.length,
      putMs: Math.round(put.facts.roundTripMs),
      getMs: Math.round(got.facts.roundTripMs),
    };
    if (!readBack.equals(body)) {
      throw new ProbeFailure(
        {
          code: 'READBACK_MISMATCH',
          message: `The object read back (${readBack.length} bytes) differs from what was written (${body.length} bytes).`,
          fix: 'Check for a proxy or gateway that alters object bodies, and the storage service\'s health.',
        },
        evidence,
      );
    }
    const del = await sendS3(ctx, new DeleteObjectCommand({ Bucket: bucket, Key: key }), S3_OPS.deleteObject);
    ctx.ledger.objectGone(key);
    return pass({ ...evidence, deleteMs: Math.round(del.facts.roundTripMs), contentVerified: true });
  },
};
