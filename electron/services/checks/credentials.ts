import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ProbeFailure, pass, warn, type ProbeDefinition } from './context';
import { S3_OPS, sendS3 } from './s3-call';

/** Answers that prove the keys (or this clock) are wrong: every registry call would get the same. */
const authFailures = new Set(['SIGNATURE_MISMATCH', 'UNKNOWN_ACCESS_KEY', 'CLOCK_SKEW', 'NO_CREDENTIALS']);

/**
 * Are the keys accepted? ListBuckets needs no bucket, so it isolates authentication. The registry never
 * calls it, so only an answer that rejects the keys themselves fails the probe: a denial proves the key
 * and signature were accepted (S3 authenticates before it authorises), and any other answer is advice.
 */
export const credentialsProbe: ProbeDefinition = {
  id: 'credentials',
  async run(ctx) {
    try {
      const { output } = await sendS3(ctx, new ListBucketsCommand({ MaxBuckets: 1 }), S3_OPS.listBuckets);
      const owner = output.Owner?.DisplayName ?? output.Owner?.ID;
      return pass({ accepted: true, ...(owner ? { owner } : {}) });
    } catch (error) {
      if (!(error instanceof ProbeFailure) || typeof error.evidence.httpStatus !== 'number' || authFailures.has(error.diagnosis.code)) throw error;
      if (error.diagnosis.code === 'ACCESS_DENIED') {
        return pass({
          accepted: true,
          note: 'ListAllMyBuckets is denied, which proves the key and signature were accepted (the registry does not need it).',
        });
      }
      return warn({ ...error.evidence, advisory: true }, {
        ...error.diagnosis,
        message: `${error.diagnosis.message} (Advice only: the registry never calls ListBuckets; the probes that replay its calls decide.)`,
      });
    }
  },
};
