/**
 * The only places the app opens in the OS browser: documentation hosts. Everything else a link or
 * window.open points at is refused, so a compromised renderer cannot launch arbitrary URLs.
 */
export const documentationHosts = [
  'docs.docker.com',
  'docs.mirantis.com',
  'docs.aws.amazon.com',
  'distribution.github.io',
  'docs.ceph.com',
  'min.io',
  'github.com',
] as const;

/** https only, an exact host from the list, no credentials and no explicit port. */
export function isAllowedDocumentationUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    (documentationHosts as readonly string[]).includes(url.hostname)
  );
}

/** The Help menu's documentation links (each on an allowed host; a unit test checks it). */
export const helpLinks = [
  { label: 'Distribution S3 storage driver', url: 'https://distribution.github.io/distribution/storage-drivers/s3/' },
  { label: 'Docker: certificates for registries', url: 'https://docs.docker.com/engine/security/certificates/' },
  { label: 'Amazon S3 bucket naming rules', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html' },
] as const;
