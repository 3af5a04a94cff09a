import { z } from 'zod';

/**
 * The one model of a DTR storage configuration. Field names are the Distribution S3 driver's own keys,
 * so the DTR form, the registry YAML, the DTR API JSON and the export are all rendered from this.
 * Secrets (access key id and secret key) are NOT part of it: they live in the keychain and are
 * supplied separately (see `StorageCredentials`).
 */
export const providerSchema = z.enum(['aws', 's3-compatible']);
export type Provider = z.infer<typeof providerSchema>;

export const MIB = 1024 * 1024;
/** The driver's minimum and default multipart chunk size. */
export const MIN_CHUNK_SIZE = 5 * MIB;
export const DEFAULT_CHUNK_SIZE = 10 * MIB;

export const storageClassSchema = z.enum([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'NONE',
]);

export const objectAclSchema = z.enum([
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
]);

export const storageConfigSchema = z.object({
  provider: providerSchema,
  /** AWS region name; for S3-compatible services, the region the server signs for (often us-east-1). */
  region: z.string(),
  bucket: z.string(),
  /** Prefix for every object the registry writes; '' or '/' means the bucket root. */
  rootdirectory: z.string().default(''),
  /** S3-compatible services only: e.g. https://minio.example.com:9000. Empty for AWS. */
  regionendpoint: z.string().default(''),
  /** Path-style addressing (bucket in the path). Needed by most S3-compatible servers. */
  forcepathstyle: z.boolean().default(false),
  /** Use HTTPS. */
  secure: z.boolean().default(true),
  /** Skip TLS verification registry→S3. */
  skipverify: z.boolean().default(false),
  /** Signature version 4. AWS accepts nothing else. */
  v4auth: z.boolean().default(true),
  /** Server-side encryption of objects. */
  encrypt: z.boolean().default(false),
  /** KMS key id for SSE-KMS (with `encrypt`). */
  keyid: z.string().default(''),
  /** Multipart chunk size in bytes (min 5 MiB, default 10 MiB). */
  chunksize: z.number().int().positive().default(DEFAULT_CHUNK_SIZE),
  storageclass: storageClassSchema.default('STANDARD'),
  objectacl: objectAclSchema.default('private'),
  redirect: z.object({ disable: z.boolean().default(false) }).default({ disable: false }),
  /**
   * No registry key (Amazon S3 only): accesskey/secretkey stay empty and DTR's hosts take credentials from
   * their EC2 instance profile. Not a driver key; its rules are in shared/keyless.ts.
   */
  keyless: z.boolean().default(false),
  /** PEM text of the root CA the storage endpoint's certificate chains to (no driver key). */
  ca: z.string().default(''),
});

export type StorageConfig = z.infer<typeof storageConfigSchema>;
export type StorageConfigInput = z.input<typeof storageConfigSchema>;

/** Static S3 credentials. Absent means "use the AWS credential chain" (instance role, env, profile). */
export const storageCredentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().optional(),
});
export type StorageCredentials = z.infer<typeof storageCredentialsSchema>;
