import { checkKeyless } from '../keyless';
import { MIN_CHUNK_SIZE, MIB, type StorageConfig } from '../storage-config';
import { needsEndpointOnDistribution2, s3EndpointHost } from './regions';
import type { FieldIssue } from './types';

/**
 * Rules that involve more than one field. Two of the issue's "inconsistent combinations" are errors
 * here, not warnings, because Distribution's S3 driver refuses to start with them (s3.go FromParameters
 * / New): a chunksize below 5 MiB, and v4auth: false against Amazon S3. Measured: docker-registry 2.8
 * panics at startup with either (test/integration/render/registry-roundtrip.test.ts).
 */
const MAX_CHUNK_SIZE = 5 * 1024 * MIB;
/** What Distribution 2.x (DTR 2.x, MSR 2.x) accepts; newer classes arrived with Distribution 3 (measured with 2.8). */
export const DISTRIBUTION_2_STORAGE_CLASSES: readonly StorageConfig['storageclass'][] = ['STANDARD', 'REDUCED_REDUNDANCY', 'NONE'];

/** A size as the wizard's chunk-size field shows it (MiB), with the bytes a config file holds. */
function mibText(bytes: number): string {
  const mib = bytes / MIB;
  return `${mib >= 0.01 ? String(Number(mib.toFixed(2))) : 'under 0.01'} MiB (${bytes} bytes)`;
}

/** A single-field rule, but one that mirrors the driver's own range check (getParameterAsInteger). */
export function checkChunkSize(chunksize: number): FieldIssue[] {
  const errors: FieldIssue[] = [];
  if (chunksize < MIN_CHUNK_SIZE) {
    errors.push({
      field: 'chunksize',
      code: 'CHUNKSIZE_TOO_SMALL',
      message: `The chunk size is ${mibText(chunksize)}; S3 multipart parts must be at least 5 MiB, and the registry refuses to start below that.`,
      fix: `Use at least 5 MiB (${MIN_CHUNK_SIZE} bytes); the default is 10 MiB.`,
    });
  } else if (chunksize > MAX_CHUNK_SIZE) {
    errors.push({ field: 'chunksize', code: 'CHUNKSIZE_TOO_LARGE', message: `The chunk size is ${mibText(chunksize)}; S3 parts may be at most 5120 MiB (5 GiB).` });
  }
  return errors;
}

export function checkCombinations(c: StorageConfig, endpointIsAws: boolean): { errors: FieldIssue[]; warnings: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const onAws = c.provider === 'aws' || endpointIsAws;

  if (!c.v4auth && onAws) {
    errors.push({
      field: 'v4auth',
      code: 'V4AUTH_REQUIRED_ON_AWS',
      message: 'Signature version 4 is off, but Amazon S3 accepts only version 4 signatures; the registry refuses this combination.',
      fix: 'Turn "Signature version 4 auth" on.',
    });
  } else if (!c.v4auth) {
    warnings.push({ field: 'v4auth', code: 'V4AUTH_OFF', message: 'Signature version 2 is deprecated; most S3-compatible services accept version 4.', fix: 'Turn "Signature version 4 auth" on unless this service cannot do it.' });
  }
  // The one good reason for an endpoint on AWS: the region's own S3 endpoint, for a region the registry's SDK does not know.
  const regionWorkaround = needsEndpointOnDistribution2(c.region) && c.regionendpoint.replace(/\/$/, '') === `https://${s3EndpointHost(c.region)}`;
  if (c.provider === 'aws' && c.regionendpoint !== '' && !regionWorkaround) {
    warnings.push({
      field: 'regionendpoint',
      code: 'ENDPOINT_SET_FOR_AWS',
      message: 'A region endpoint is set although the provider is Amazon S3; the registry then skips its region check and sends every request to that URL.',
      fix: 'Leave "Region endpoint" empty for AWS; choose "S3-compatible" if this is another service.',
    });
  }
  if (c.skipverify && !c.secure) {
    warnings.push({ field: 'skipverify', code: 'SKIPVERIFY_WITHOUT_TLS', message: '"Skip TLS verification" is on, but HTTPS is off: there is no TLS to verify.', fix: 'Turn HTTPS on (recommended), or turn "Skip TLS verification" off.' });
  } else if (c.skipverify) {
    warnings.push({ field: 'skipverify', code: 'SKIPVERIFY_ON', message: 'The registry will not verify the storage endpoint\'s certificate, so anyone in the network path can read and alter images.', fix: 'Give the root CA certificate instead.' });
  }
  if (c.ca.trim() && !c.secure) {
    warnings.push({ field: 'ca', code: 'CA_WITHOUT_TLS', message: 'A root CA certificate is given, but HTTPS is off, so it is never used.' });
  } else if (c.ca.trim() && c.skipverify) {
    warnings.push({ field: 'ca', code: 'CA_WITH_SKIPVERIFY', message: 'A root CA certificate is given, but "Skip TLS verification" is on, so it is never used.', fix: 'Turn "Skip TLS verification" off: with the CA the connection can be verified.' });
  }
  if (c.bucket.includes('.') && c.secure && !c.forcepathstyle) {
    warnings.push({
      field: 'bucket',
      code: 'DOTTED_BUCKET_VIRTUAL_HOST_TLS',
      message: `The bucket name contains dots and requests use virtual-host addressing over HTTPS: the host "${c.bucket}.<endpoint>" does not match a wildcard certificate, so TLS verification fails.`,
      fix: 'Use a bucket name without dots, or turn "Force path style" on.',
    });
  }
  if (c.provider === 's3-compatible' && !c.forcepathstyle) {
    warnings.push({
      field: 'forcepathstyle',
      code: 'PATH_STYLE_OFF_FOR_COMPATIBLE',
      message: 'Path style is off for an S3-compatible endpoint: Distribution 2.x uses path style anyway when an endpoint is set, Distribution 3 uses virtual-host addressing (bucket.host), which most such services do not resolve.',
      fix: 'Turn "Force path style" on so every registry version addresses the bucket the same way.',
    });
  }
  if (c.keyid && !c.encrypt) {
    warnings.push({ field: 'keyid', code: 'KEYID_WITHOUT_ENCRYPT', message: 'A KMS key id is set but encryption is off; the driver ignores the key id.', fix: 'Turn "Encrypt" on, or clear the key id.' });
  }
  if (!DISTRIBUTION_2_STORAGE_CLASSES.includes(c.storageclass)) {
    warnings.push({
      field: 'storageclass',
      code: 'STORAGECLASS_NEEDS_DISTRIBUTION_3',
      message: `Storage class ${c.storageclass} needs a Distribution 3 registry: DTR and MSR 2.x registries (Distribution 2.x) refuse to start with it.`,
      fix: 'For DTR/MSR 2.x use STANDARD, REDUCED_REDUNDANCY or NONE, and move objects to cheaper classes with a bucket lifecycle rule.',
    });
  }
  // Blob pulls are redirected to the storage endpoint: the Docker clients then verify its certificate
  // themselves, whatever the registry was told (a private CA, or skipverify).
  if (c.secure && !c.redirect.disable && (c.ca.trim() || c.skipverify)) {
    warnings.push({
      field: 'redirect',
      code: 'REDIRECT_NEEDS_CLIENT_TRUST',
      message: c.skipverify
        ? 'Pulls are redirected to the storage endpoint, and clients verify its certificate even though the registry skips that: unless every Docker client trusts it, pulls fail with "x509: certificate signed by unknown authority".'
        : 'Pulls are redirected to the storage endpoint, and its certificate is signed by a private CA: every Docker client must trust that CA too.',
      fix: 'Install the CA on the clients (next to the registry\'s ca.crt in /etc/docker/certs.d/<registry>/, or in the OS trust store), or disable redirects.',
    });
  }
  const keyless = checkKeyless(c);
  return { errors: [...errors, ...keyless.errors], warnings: [...warnings, ...keyless.warnings] };
}
