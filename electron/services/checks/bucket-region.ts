import { GetBucketLocationCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { pass, ProbeFailure, warn, type ProbeContext, type ProbeDefinition } from './context';
import { S3_OPS, sendS3 } from './s3-call';

/** GetBucketLocation's legacy answers: null/'' is us-east-1, 'EU' is eu-west-1. */
function regionOfLocation(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function realRegion(ctx: ProbeContext): Promise<{ region: string; source: string }> {
  const { output, facts } = await sendS3(ctx, new HeadBucketCommand({ Bucket: ctx.config.bucket }), S3_OPS.headBucket);
  const fromHeader = facts.bucketRegion ?? output.BucketRegion;
  if (fromHeader) return { region: fromHeader, source: 'x-amz-bucket-region header' };
  // S3-compatible servers often omit the header; GetBucketLocation is the older way to ask.
  const location = await sendS3(ctx, new GetBucketLocationCommand({ Bucket: ctx.config.bucket }), S3_OPS.getBucketLocation);
  return { region: regionOfLocation(location.output.LocationConstraint), source: 'GetBucketLocation' };
}

/** The bucket exists, and the region the server reports for it is the configured one. */
export const bucketRegionProbe: ProbeDefinition = {
  id: 'bucket-region',
  async run(ctx) {
    const { region, source } = await realRegion(ctx);
    const evidence = { bucket: ctx.config.bucket, configuredRegion: ctx.config.region, bucketRegion: region, source };
    if (region === ctx.config.region) return pass(evidence);
    const diagnosis = {
      code: 'WRONG_REGION',
      message: `The bucket ${ctx.config.bucket} is in ${region}, but the configuration says ${ctx.config.region}.`,
      fix: `Set the region to ${region}.`,
    };
    // AWS rejects or redirects requests signed for another region; RGW does not check, MinIO does.
    if (ctx.config.provider === 'aws') throw new ProbeFailure(diagnosis, evidence);
    return warn(evidence, {
      ...diagnosis,
      message: `${diagnosis.message} Some S3-compatible servers (MinIO) reject requests signed for another region.`,
    });
  },
};
