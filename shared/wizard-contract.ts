import { z } from 'zod';
import { s3ServerKinds } from './s3-server';
import { checkRunResultSchema, diagnosisSchema, driverVersionSchema, probeIdSchema, probeIds } from './checks';
import { policyFlavors } from './iam-policy';
import { WIZARD_DRAFT_OWNER, clientTrustModeSchema, profileNameSchema, secretRoleSchema } from './profile';
import { providerSchema, storageConfigSchema } from './storage-config';
import { dtrHostSchema, optionalDtrHostSchema } from './validation/dtr-host';
import { validStorageConfigSchema } from './validation/config-schema';

const clientTrustFields = {
  dtrHost: optionalDtrHostSchema,
  mode: clientTrustModeSchema,
  dtrCaPem: z.string().max(1024 * 1024),
  /** The user chose "I know this CA does not verify <host>": the bundle's README records it. */
  dtrCaUnverified: z.boolean().optional(),
};
const clientTrustRequest = z.object(clientTrustFields).strict();

/**
 * The IPC channels of the wizard's actions (spread into shared/contract.ts): region latency, the itemized
 * checks of an unsaved config, TLS inspection and the export. Each calls an existing service.
 * (Provisioning is shared/provisioning-contract.ts.)
 */
/**
 * Whose keys sign: the keychain entry of a profile (or of the wizard's draft) in one role, or the AWS
 * SDK's credential chain. Keys never travel over IPC here: main reads them from the keychain.
 */
const keySource = {
  owner: z.union([profileNameSchema, z.literal(WIZARD_DRAFT_OWNER)]),
  role: secretRoleSchema.default('registry'),
  credentialSource: z.enum(['keychain', 'aws-chain']).default('keychain'),
};

const config = storageConfigSchema.strict();

export const regionLatencySchema = z.object({
  region: z.string(),
  host: z.string(),
  status: z.enum(['ok', 'unreachable', 'timeout']),
  /** Time to the first response byte of one HTTPS (or HTTP) HEAD, connection included. */
  rttMs: z.number().nonnegative().optional(),
  /** The transport error code when unreachable (ENOTFOUND, ECONNREFUSED, …). */
  code: z.string().optional(),
  /** Which server answered, guessed from the answer's headers (shared/s3-server.ts). */
  server: z.object({ kind: z.enum(s3ServerKinds), evidence: z.string().max(200) }).optional(),
});
export type RegionLatency = z.infer<typeof regionLatencySchema>;

export const peerCertSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  isCA: z.boolean(),
  selfSigned: z.boolean(),
  pem: z.string(),
});
const verdict = z.object({ ok: z.boolean(), code: z.string().optional() });
export const peerChainReportSchema = z.object({
  host: z.string(),
  port: z.number(),
  servername: z.string(),
  chain: z.array(peerCertSchema),
  protocol: z.string().optional(),
  trustedBySystem: verdict,
  trustedByCa: verdict.optional(),
  hostnameValid: z.object({ ok: z.boolean(), reason: z.string().optional() }),
});
export type PeerChainReportData = z.infer<typeof peerChainReportSchema>;

/** What a bundle is made of, wherever it goes. */
const bundleRequest = {
  config,
  policyFlavor: z.enum(policyFlavors).optional(),
  /** The server the IAM step showed its commands for, and whether its policy was scoped to the root. */
  storageServer: z.enum(s3ServerKinds).optional(),
  scopeToRoot: z.boolean().optional(),
  clientTrust: clientTrustRequest,
  /** Writes the owner's registry keys from the keychain into the bundle (0600 files). */
  includeSecrets: z.boolean().optional(),
  owner: keySource.owner,
};
const bundleResult = {
  files: z.array(z.object({ path: z.string(), bytes: z.number(), secret: z.boolean() })),
  containsSecrets: z.boolean(),
  warnings: z.array(z.string()),
};
/** A download's file name: no path, no hidden file, ends in .zip. */
const bundleFileName = z.string().max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.zip$/, 'a file name ending in .zip');

export const wizardChannels = {
  /** RTT to every region's S3 endpoint (AWS) or to the one endpoint (S3-compatible), in parallel. */
  'regions.measureLatency': {
    request: z
      .object({
        provider: providerSchema,
        endpoint: z.string().max(2048).optional(),
        timeoutMs: z.number().int().min(100).max(10_000).optional(),
      })
      .strict(),
    result: z.object({ results: z.array(regionLatencySchema), recommended: z.string().optional() }),
  },
  /** The itemized live checks; `only` re-runs one probe (or a few). */
  'checks.run': {
    request: z
      .object({
        config: validStorageConfigSchema,
        only: z.array(probeIdSchema).min(1).max(probeIds.length).optional(),
        ...keySource,
        // The pull probe models the clients' trust choice; the driver version picks 2.8's or v3's calls.
        clientTrust: clientTrustRequest.optional(),
        driver: driverVersionSchema.optional(),
      })
      .strict(),
    result: checkRunResultSchema,
  },
  /** The certificate chain a TLS endpoint presents, checked against the system roots and an optional CA. */
  'tls.inspect': {
    request: z
      .object({
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65535),
        caPem: z.string().max(1024 * 1024).optional(),
      })
      .strict(),
    result: peerChainReportSchema,
  },
  /**
   * Does DTR's host verify with the trust a Docker client gets from this setup (the runtime's roots and
   * certs.d/<dtr-host>/*.crt)? A failed handshake is a verdict with its diagnosis, not an error.
   */
  'trust.verifyDtr': {
    request: z.object({ config, clientTrust: z.object({ ...clientTrustFields, dtrHost: dtrHostSchema }).strict() }).strict(),
    result: z.object({
      host: z.string(),
      port: z.number(),
      dtrHost: z.string(),
      dtrCaPem: z.string(),
      verified: z.boolean(),
      diagnosis: diagnosisSchema.optional(),
      report: peerChainReportSchema.optional(),
      trustedBy: z.array(z.string()),
      inspectedRoot: peerCertSchema.optional(),
    }),
  },
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
