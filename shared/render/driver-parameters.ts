import type { StorageConfig, StorageCredentials } from '../storage-config';
import { normalizeRootDirectory } from '../validation/root-directory';

export interface RenderOptions {
  /** Static keys. Rendered only with `includeSecrets`, never for a keyless config. */
  credentials?: StorageCredentials;
  includeSecrets?: boolean;
}

export type DriverParameters = Record<string, string | number | boolean>;

/**
 * The S3 driver's parameters for one StorageConfig, in one fixed order, shared by the registry YAML and
 * the DTR API body so the two can never disagree. `provider` and `ca` have no driver key; empty
 * optional strings are left out (the driver treats absent and empty alike).
 */
export function driverParameters(config: StorageConfig, options: RenderOptions = {}): DriverParameters {
  const root = normalizeRootDirectory(config.rootdirectory);
  const params: DriverParameters = {};
  if (config.keyless) {
    // Keyless (shared/keyless.ts): both present and empty, as DTR's form sends blank fields, so the driver's
    // static provider yields nothing and its chain reaches the instance role. Never a key, whatever was passed.
    params.accesskey = '';
    params.secretkey = '';
  } else if (options.includeSecrets && options.credentials) {
    params.accesskey = options.credentials.accessKeyId;
    params.secretkey = options.credentials.secretAccessKey;
  }
  params.region = config.region;
  params.bucket = config.bucket;
  if (config.regionendpoint) params.regionendpoint = config.regionendpoint;
  params.forcepathstyle = config.forcepathstyle;
  params.secure = config.secure;
  params.skipverify = config.skipverify;
  params.v4auth = config.v4auth;
  params.encrypt = config.encrypt;
  if (config.keyid) params.keyid = config.keyid;
  params.chunksize = config.chunksize;
  params.storageclass = config.storageclass;
  params.objectacl = config.objectacl;
  // The driver trims leading and trailing slashes itself; "/prefix" is the form its documentation uses.
  if (root) params.rootdirectory = `/${root}`;
  return params;
}
