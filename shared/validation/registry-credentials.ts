import type { FieldIssue } from './types';

/**
 * The registry's key must be a long-term key: Distribution's S3 driver has no session-token parameter,
 * so temporary credentials (STS, SSO, assumed roles) cannot work in a registry config, and they expire.
 * AWS marks temporary key ids with the ASIA prefix (long-term keys start with AKIA).
 */
export function checkRegistryCredentials(credentials: { accessKeyId: string; sessionToken?: string | undefined }): FieldIssue[] {
  const temporary = Boolean(credentials.sessionToken?.trim()) || /^ASIA[A-Z0-9]{12,}$/.test(credentials.accessKeyId.trim());
  if (!temporary) return [];
  return [{
    field: 'credentials',
    code: 'REGISTRY_KEY_TEMPORARY',
    message: 'These are temporary credentials (a session token, or an access key id starting with ASIA). The registry\'s S3 driver cannot use a session token, and the keys expire.',
    fix: 'Give the registry a long-term access key of a dedicated IAM user (AKIA…), or leave the keys empty so the registry uses its host\'s IAM role.',
  }];
}
