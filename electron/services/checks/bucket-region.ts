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

/**
 * Advice, never a gate: the registry never calls HeadBucket or GetBucketLocation, so whatever they
 * answer is a warning (a wrong region or a missing bucket also fails the probes that replay the
 * registry's own calls), and no probe rests on this one.
 */
export const bucketRegionProbe: ProbeDefinition = {
  id: 'bucket-region',
  async run(ctx) {
    let found: { region: string; source: string };
    try {
      found = await realRegion(ctx);
    } catch (error) {
      if (!(error instanceof ProbeFailure)) throw error;
      return warn({ ...error.evidence, advisory: true }, {
        ...error.diagnosis,
        message: `${error.diagnosis.message} (Advice only: the registry itself never makes this call.)`,
      });
    }
    const evidence = { bucket: ctx.config.bucket, configuredRegion: ctx.config.region, bucketRegion: found.region, source: found.source };
    if (found.region === ctx.config.region) return pass(evidence);
    // AWS rejects or redirects requests signed for another region; RGW does not check, MinIO does.
    return warn({ ...evidence, advisory: true }, {
      code: 'WRONG_REGION',
      message: `The bucket ${ctx.config.bucket} is in ${found.region}, but the configuration says ${ctx.config.region}.${ctx.config.provider === 'aws' ? ' AWS rejects requests signed for another region.' : ' Some S3-compatible servers (MinIO) reject requests signed for another region.'}`,
      fix: `Set the region to ${found.region}.`,
    });
  },
};
