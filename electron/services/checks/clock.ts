import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { diagnoseClockSkew } from '../../../shared/diagnosis';
import { ProbeFailure, pass, warn, type ProbeDefinition } from './context';
import { S3_OPS, sendS3, type ResponseFacts } from './s3-call';

/** S3 rejects requests signed more than 15 minutes off; beyond a minute, NTP is clearly not working. */
const REJECT_MS = 15 * 60_000;
const WARN_MS = 60_000;

/**
 * Compare the server's Date header with this client's clock at the request's midpoint. Any answer
 * carries a Date, so an error response (403, 404, RequestTimeTooSkewed) still measures the offset.
 */
export const clockProbe: ProbeDefinition = {
  id: 'clock',
  async run(ctx) {
    let facts: Partial<ResponseFacts>;
    try {
      facts = (await sendS3(ctx, new HeadBucketCommand({ Bucket: ctx.config.bucket }), S3_OPS.headBucket)).facts;
    } catch (error) {
      if (!(error instanceof ProbeFailure) || typeof error.evidence.clockOffsetMs !== 'number') throw error;
      const { clockOffsetMs, serverDate } = error.evidence;
      facts = { clockOffsetMs, ...(typeof serverDate === 'string' ? { serverDate } : {}) };
    }
    if (facts.clockOffsetMs === undefined) {
      return warn({}, { code: 'NO_SERVER_DATE', message: 'The server sent no Date header, so clock skew could not be measured.', fix: 'Make sure this machine and the registry hosts use NTP.' });
    }
    const offsetMs = facts.clockOffsetMs;
    const evidence = { offsetMs, serverDate: facts.serverDate ?? '', localDate: new Date(ctx.now()).toUTCString(), resolution: '±1 s (the Date header has whole seconds)' };
    if (Math.abs(offsetMs) >= REJECT_MS) throw new ProbeFailure(diagnoseClockSkew(offsetMs), evidence);
    if (Math.abs(offsetMs) >= WARN_MS) return warn(evidence, diagnoseClockSkew(offsetMs));
    return pass(evidence);
  },
};
