import { z } from 'zod';
import { policyFlavors } from '../iam-policy';
import { secretOwnerSchema } from '../profile';
import { s3ServerKinds } from '../s3-server';
import { storageConfigSchema } from '../storage-config';
import { clientTrustRequestSchema } from './trust';

/** The IPC channels `export.*` (spread into shared/contract.ts): the bundle, wherever it goes. */

/** What a bundle is made of, wherever it goes. */
const bundleRequest = {
  config: storageConfigSchema.strict(),
  policyFlavor: z.enum(policyFlavors).optional(),
  /** The server the IAM step showed its commands for, and whether its policy was scoped to the root. */
  storageServer: z.enum(s3ServerKinds).optional(),
  scopeToRoot: z.boolean().optional(),
  clientTrust: clientTrustRequestSchema,
  /** Writes the owner's registry keys from the keychain into the bundle (0600 files). */
  includeSecrets: z.boolean().optional(),
  owner: secretOwnerSchema,
};
const bundleResult = {
  files: z.array(z.object({ path: z.string(), bytes: z.number(), secret: z.boolean() })),
  containsSecrets: z.boolean(),
  warnings: z.array(z.string()),
};
/** A download's file name: no path, no hidden file, ends in .zip. */
const bundleFileName = z.string().max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.zip$/, 'a file name ending in .zip');

export const exportChannels = {
  /** Write the bundle to a path chosen in the save dialog. Secrets only with `includeSecrets`. */
  'export.write': {
    request: z.object({ path: z.string().min(1).max(4096), zip: z.boolean().optional(), ...bundleRequest }).strict(),
    result: z.object({ path: z.string(), format: z.enum(['folder', 'zip']), ...bundleResult }),
  },
  /**
   * The bundle as the bytes of a zip, for a host without a save dialog (the browser harness): the page
   * offers it as a download. Secrets only with `includeSecrets`, as for export.write.
   */
  'export.download': {
    request: z.object({ fileName: bundleFileName, ...bundleRequest }).strict(),
    result: z.object({ fileName: z.string(), zipBase64: z.string(), ...bundleResult }),
  },
  /** How this host exports: with the OS save dialog (the app) or as a download (the browser), and where profiles are kept. */
  'export.hostInfo': {
    request: z.object({}).strict(),
    result: z.object({ saveDialog: z.boolean(), profilesDirectory: z.string() }),
  },
} as const;
