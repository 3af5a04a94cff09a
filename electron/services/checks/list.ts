import { randomBytes } from 'node:crypto';
import { rootKeyPrefix } from '../../../shared/validation/root-directory';
import { pass, settleAll, type ProbeDefinition } from './context';
import { driverKey, listDirectory, stat, walk } from './driver-calls';

/**
 * The registry's listings under the root directory, with its own prefixes: Stat of a blob that is not
 * there (2.8: ListObjects v1, MaxKeys 1; v3: HeadObject, then ListObjectsV2), List of the repositories
 * directory (2.8: ListObjects v1; v3: ListObjectsV2) and the catalog's Walk (ListObjectsV2). A policy
 * whose ListBucket prefix condition does not cover these prefixes fails here.
 */
export const listProbe: ProbeDefinition = {
  id: 'list',
  async run(ctx) {
    const repositories = `${driverKey(ctx, '/docker/registry/v2/repositories')}/`;
    const blob = driverKey(ctx, `/docker/registry/v2/blobs/sha256/00/00${randomBytes(31).toString('hex')}/data`);
    const [statted, listed, walked] = await settleAll([
      stat(ctx, blob),
      listDirectory(ctx, repositories),
      walk(ctx, repositories),
    ]);
    const names = (prefixes: { Prefix?: string }[]) => prefixes.map((p) => p.Prefix ?? '').slice(0, 10);
    return pass({
      driver: ctx.driver,
      root: rootKeyPrefix(ctx.config.rootdirectory),
      stat: { key: blob, calls: statted.calls, found: statted.found },
      list: { operation: listed.op, prefix: repositories, repositories: names(listed.prefixes) },
      walk: { operation: 'ListObjectsV2', prefix: repositories, keys: walked.contents.length, prefixes: names(walked.prefixes) },
    });
  },
};
