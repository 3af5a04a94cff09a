import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { pass, type ProbeDefinition } from './context';
import { S3_OPS, sendS3 } from './s3-call';
import { rootKeyPrefix } from '../../../shared/validation/root-directory';

/** List under the root directory, as the registry does for its catalog and garbage collection. */
export const listProbe: ProbeDefinition = {
  id: 'list',
  async run(ctx) {
    const prefix = rootKeyPrefix(ctx.config.rootdirectory);
    const { output } = await sendS3(
      ctx,
      new ListObjectsV2Command({ Bucket: ctx.config.bucket, Prefix: prefix, Delimiter: '/', MaxKeys: 100 }),
      S3_OPS.listObjects,
    );
    const prefixes = (output.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').slice(0, 10);
    return pass({ prefix, keys: output.KeyCount ?? 0, commonPrefixes: prefixes, truncated: Boolean(output.IsTruncated) });
  },
};
