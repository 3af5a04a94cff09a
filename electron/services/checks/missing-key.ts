import { randomBytes } from 'node:crypto';
import { diagnoseMissingKeyForbidden, serverAnswer } from '../../../shared/diagnosis';
import { bucketArn } from '../../../shared/iam-policy';
import { rootKeyPrefix } from '../../../shared/validation/root-directory';
import { partitionOfRegion } from '../../../shared/validation/regions';
import { ProbeFailure, pass, type ProbeDefinition } from './context';
import { driverKey, readContent } from './driver-calls';

/**
 * The first thing every push does: HEAD /v2/<repo>/blobs/<digest> makes the registry read the layer's
 * link file, which does not exist yet. The driver's Reader (GetObject, Range bytes=0-) must get 404
 * NoSuchKey; anything else, 403 above all, becomes a 500 to the client. A read, so it uses the very key
 * shape the registry reads (nothing is written there).
 */
export const missingKeyProbe: ProbeDefinition = {
  id: 'missing-key',
  async run(ctx) {
    const digest = randomBytes(32).toString('hex');
    const key = driverKey(ctx, `/docker/registry/v2/repositories/dtr-s3-assistant-probe-${ctx.runId}/_layers/sha256/${digest}/link`);
    try {
      const bytes = await readContent(ctx, key);
      throw new ProbeFailure(
        { code: 'MISSING_KEY_EXISTS', message: `GetObject of a random key (${key}) returned ${bytes.length} bytes instead of 404.`, fix: 'Check for a proxy or gateway that answers reads of missing keys.' },
        { key, operation: 'GetObject' },
      );
    } catch (error) {
      if (!(error instanceof ProbeFailure) || error.diagnosis.code === 'MISSING_KEY_EXISTS') throw error;
      const { httpStatus, errorCode } = error.evidence;
      if (httpStatus === 404 && (errorCode === 'NoSuchKey' || errorCode === 'NotFound')) {
        return pass({ key, operation: 'GetObject', answer: serverAnswer(errorCode, 404) });
      }
      if (httpStatus !== 403) throw error;
      const answer = serverAnswer(typeof errorCode === 'string' ? errorCode : undefined, 403);
      const resource = bucketArn(partitionOfRegion(ctx.config.region) ?? 'aws', ctx.config.bucket);
      throw new ProbeFailure(
        diagnoseMissingKeyForbidden({ bucket: ctx.config.bucket, resource, key, answer, rootPrefix: rootKeyPrefix(ctx.config.rootdirectory) }),
        { ...error.evidence, key, iamAction: 's3:ListBucket' },
      );
    }
  },
};
