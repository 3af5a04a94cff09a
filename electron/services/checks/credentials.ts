import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ProbeFailure, pass, type ProbeDefinition } from './context';
import { S3_OPS, sendS3 } from './s3-call';

/**
 * Are the keys accepted? ListBuckets needs no bucket, so it isolates authentication. A least-privilege
 * policy may deny it, and that still proves the key and signature were accepted (S3 authenticates
 * before it authorises).
 */
export const credentialsProbe: ProbeDefinition = {
  id: 'credentials',
  async run(ctx) {
    try {
      const { output } = await sendS3(ctx, new ListBucketsCommand({ MaxBuckets: 1 }), S3_OPS.listBuckets);
      const owner = output.Owner?.DisplayName ?? output.Owner?.ID;
      return pass({ accepted: true, ...(owner ? { owner } : {}) });
    } catch (error) {
      if (error instanceof ProbeFailure && error.diagnosis.code === 'ACCESS_DENIED') {
        return pass({
          accepted: true,
          note: 'ListAllMyBuckets is denied, which proves the key and signature were accepted (the registry does not need it).',
        });
      }
      throw error;
    }
  },
};
