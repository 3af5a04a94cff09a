import type { PolicyFlavor } from '../../../shared/iam-policy';
import type { ClientTrustMode } from '../../../shared/profile';
import type { S3ServerKind } from '../../../shared/s3-server';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import type { ClientProbe } from './client-probe';

// The bundle's input and file shapes, apart from the code that builds them: the README renderer and the
// content builder both need them, and neither imports the other's module for it.

/** Everything the bundle is made from. Secrets only with `includeSecrets` (an explicit opt-in). */
export interface BundleInput {
  config: StorageConfig;
  credentials?: StorageCredentials;
  includeSecrets?: boolean;
  /** Without a DTR host the client-trust part (certs.d, scripts) cannot be laid out and is left out. */
  clientTrust?: { dtrHost: string; mode: ClientTrustMode; dtrCaPem?: string; dtrCaUnverified?: boolean };
  policyFlavor?: PolicyFlavor;
  /** The server the IAM step showed its commands for (default: AWS for aws, the generic policy otherwise). */
  storageServer?: S3ServerKind;
  /** The policy limited to the root directory, as the IAM step's box says (default: yes, when there is one). */
  scopeToRoot?: boolean;
  /** Where the bundle came from, for the README ("profile lab", "config file ./x.json"). */
  source: string;
  /** Written by `export --client-probe`: verify-client then checks its presigned download. */
  clientProbe?: ClientProbe;
}

export interface BundleFile {
  path: string;
  content: string;
  /** Holds a secret: written with mode 0600. */
  secret: boolean;
  executable: boolean;
}
