/**
 * Closed lists of choices as plain data (no zod): the schemas, the forms and the CLI's options are all
 * built from these. Kept apart so the CLI can describe its options (--help) without loading a schema library.
 */
export const driverVersions = ['2.8', '3'] as const;
export const clientTrustModes = ['ca', 'insecure-registry', 'disable-redirect'] as const;
export const secretRoles = ['setup', 'registry'] as const;
export const keyLimitChoices = ['fail', 'delete-oldest-inactive', 'delete-oldest'] as const;
/** The bucket settings provisioning applies (secure defaults), by their journal step name. */
export const bucketSettings = ['public-access-block', 'encryption', 'lifecycle'] as const;
export const policyFlavors = ['union', 'distribution', 'dtr-doc'] as const;
/** The server that evaluates the policy: each has quirks the registry would otherwise trip over. */
export const policyTargets = ['aws', 'ceph-rgw', 'minio'] as const;
export const dtrBodyShapes = ['storage-wrapped', 'storage-map'] as const;
export const DEFAULT_DTR_BODY_SHAPE: (typeof dtrBodyShapes)[number] = 'storage-wrapped';
export const renderFormats = ['registry-yaml', 'dtr-json'] as const;
