import type { AppErrorData } from './app-error';
import type { Diagnosis } from './checks';
import type { Provider } from './storage-config';

export type { Diagnosis } from './checks';

/**
 * Plain-language diagnoses for transport failures, keyed by Node's error codes. The storage engine's
 * probes extend this table; the renderer, the CLI and the export all show the same words.
 */
const transportDiagnoses: Record<string, AppErrorData> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint\'s TLS certificate is signed by a certificate authority this client does not trust (x509: certificate signed by unknown authority).',
    fix: 'Paste the root CA certificate of the storage endpoint into "Root CA certificate", or add it to the system trust store.',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint presents a certificate chain whose root CA this client does not trust.',
    fix: 'Paste that root CA certificate into "Root CA certificate", or add it to the system trust store.',
  },
  // The chain the endpoint sends stops at an intermediate (the usual private PKI: leaf + intermediate, no
  // root) and no trusted root issued it. Go's wording is the same "unknown authority".
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint\'s certificate chain ends at an issuer this client does not trust (x509: certificate signed by unknown authority).',
    fix: 'Paste the root CA that issued the last certificate of the chain into "Root CA certificate", or add it to the system trust store.',
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint\'s certificate chain ends at an issuer this client does not trust (x509: certificate signed by unknown authority).',
    fix: 'Paste the root CA that issued the last certificate of the chain into "Root CA certificate", or add it to the system trust store.',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    code: 'TLS_SELF_SIGNED',
    message: 'The endpoint presents a self-signed certificate that this client does not trust.',
    fix: 'Paste that certificate into "Root CA certificate", or replace it with one signed by a trusted CA.',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    code: 'TLS_HOSTNAME_MISMATCH',
    message: 'The endpoint\'s certificate is not valid for the host name in the endpoint URL.',
    fix: 'Use the host name the certificate was issued for, or reissue the certificate with this name in its subjectAltName.',
  },
  CERT_HAS_EXPIRED: {
    code: 'TLS_CERT_EXPIRED',
    message: 'The endpoint\'s TLS certificate has expired.',
    fix: 'Renew the certificate on the storage endpoint.',
  },
  ENOTFOUND: {
    code: 'DNS_NOT_FOUND',
    message: 'The endpoint\'s host name does not resolve.',
    fix: 'Check the spelling of the endpoint, and the DNS servers this machine uses.',
  },
  ECONNREFUSED: {
    code: 'CONNECTION_REFUSED',
    message: 'Nothing accepts connections at that address and port.',
    fix: 'Check the port in the endpoint URL and that the storage service is running and reachable.',
  },
  CERT_NOT_YET_VALID: {
    code: 'TLS_CERT_NOT_YET_VALID',
    message: 'The endpoint\'s TLS certificate is not valid yet (or this machine\'s clock is behind).',
    fix: 'Check this machine\'s clock (NTP), or wait until the certificate\'s start date.',
  },
  EAI_AGAIN: {
    code: 'DNS_UNAVAILABLE',
    message: 'The endpoint\'s host name could not be resolved: no DNS server answered.',
    fix: 'Check this machine\'s DNS servers and network connection, or use an IP address in the endpoint.',
  },
  ETIMEDOUT: {
    code: 'TIMEOUT',
    message: 'The endpoint did not answer in time.',
    fix: 'Check that the host and port are right and that no firewall silently drops the traffic.',
  },
  EHOSTUNREACH: {
    code: 'HOST_UNREACHABLE',
    message: 'There is no network route to the endpoint.',
    fix: 'Check the address in the endpoint URL and this machine\'s network and firewall.',
  },
  ECONNRESET: {
    code: 'CONNECTION_RESET',
    message: 'The endpoint closed the connection abruptly.',
    fix: 'Check that "Use HTTPS" matches what the port serves, and that no proxy or firewall cuts the connection.',
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    code: 'HTTPS_TO_HTTP_PORT',
    message: 'HTTPS was spoken to a port that answers in plain HTTP.',
    fix: 'Turn "Use HTTPS" off (secure: false) and use an http:// endpoint, or use the port that serves HTTPS.',
  },
  HPE_INVALID_CONSTANT: {
    code: 'HTTP_TO_HTTPS_PORT',
    message: 'Plain HTTP was spoken to a port that answers in TLS (HTTPS).',
    fix: 'Turn "Use HTTPS" on (secure: true) and use an https:// endpoint, or use the port that serves plain HTTP.',
  },
};

/** Turn a Node/TLS error code into a diagnosis, or undefined when it is not a known transport failure. */
export function diagnoseTransportError(nodeCode: string | undefined): AppErrorData | undefined {
  if (!nodeCode) return undefined;
  const known = transportDiagnoses[nodeCode];
  return known ? { ...known, cause: nodeCode } : undefined;
}


/**
 * Node's verification codes that mean "no trusted CA issued this chain" (unknown CA, self-signed): with a CA
 * given, the chain's verdict says that CA is the wrong one (electron/services/checks/tls.ts, chainProblem).
 */
export function meansUnknownCa(nodeCode: string): boolean {
  const code = transportDiagnoses[nodeCode]?.code;
  return code === 'TLS_UNKNOWN_CA' || code === 'TLS_SELF_SIGNED';
}

/** The transport diagnosis with a guaranteed fix, for the check probes. */
export function diagnoseTransport(nodeCode: string | undefined): Diagnosis | undefined {
  const known = diagnoseTransportError(nodeCode);
  return known ? { ...known, fix: known.fix ?? '' } : undefined;
}

export function diagnoseTimeout(what: string, timeoutMs: number): Diagnosis {
  return {
    code: 'TIMEOUT',
    message: `${what} did not finish within ${timeoutMs} ms.`,
    fix: 'Check that the host and port are right, that the service is up, and that no firewall silently drops the traffic.',
  };
}

/** The bucket's virtual host name does not resolve although the endpoint's does. */
export function diagnoseVirtualHostDns(bucketHost: string, provider: Provider): Diagnosis {
  return provider === 's3-compatible'
    ? {
        code: 'VIRTUAL_HOST_DNS',
        message: `Virtual-host addressing needs the name ${bucketHost} to resolve, and it does not. S3-compatible servers (MinIO, Ceph RGW, ...) usually have no wildcard DNS for bucket names.`,
        fix: 'Turn on path-style addressing (forcepathstyle: true).',
      }
    : {
        code: 'VIRTUAL_HOST_DNS',
        message: `The bucket's host name ${bucketHost} does not resolve.`,
        fix: 'Check the bucket name and region; AWS resolves <bucket>.s3.<region>.amazonaws.com for every existing bucket.',
      };
}

export function diagnoseClockSkew(offsetMs: number): Diagnosis {
  const minutes = (Math.abs(offsetMs) / 60_000).toFixed(1);
  const direction = offsetMs > 0 ? 'behind' : 'ahead of';
  return {
    code: 'CLOCK_SKEW',
    message: `This machine's clock is ${minutes} min ${direction} the storage server's (measured from the response's Date header). S3 rejects requests signed more than 15 min off (RequestTimeTooSkewed).`,
    fix: 'Synchronise the clocks with NTP (e.g. `timedatectl set-ntp true` or chrony) on this machine and on the registry hosts.',
  };
}

/** What was being done when S3 answered with an error, so the diagnosis can name it. */
export interface S3FailureContext {
  /** The S3 API operation, e.g. ListMultipartUploads. */
  operation: string;
  /** The IAM action it needs, e.g. s3:ListBucketMultipartUploads. */
  action: string;
  bucket: string;
  region: string;
  provider: Provider;
  /** The bucket's real region, when the server told us (x-amz-bucket-region). */
  bucketRegion?: string;
  /** Server time minus local time, from the response's Date header. */
  clockOffsetMs?: number;
  /** The endpoint the request went to (no credentials in it). */
  endpoint: string;
  /** The ARN the action is evaluated against (bucket ARN for bucket actions, object ARN for object ones). */
  resource?: string;
  /** What a particular server or setting adds (e.g. RGW's DeleteObjects rule, SSE-KMS's key grants). */
  note?: string;
  /** The driver's write headers this call carried: an error may be about them, not about the keys or the policy. */
  sent?: { kmsKeyId?: string; storageClass?: string };
}

/**
 * Errors caused by the driver's write headers (SSE-KMS key id, storage class). Servers answer them with
 * codes that otherwise mean something else: Ceph RGW answers an unknown KMS key with InvalidAccessKeyId.
 */
function diagnoseWriteHeaders(code: string | undefined, httpStatus: number | undefined, ctx: S3FailureContext): Diagnosis | undefined {
  const answer = serverAnswer(code, httpStatus);
  const kms = ctx.sent?.kmsKeyId;
  if (kms && code === 'InvalidAccessKeyId') {
    return {
      code: 'KMS_KEY_REFUSED',
      message: `${ctx.operation} with SSE-KMS key ${kms} was refused (${answer}) although the access key itself is accepted: the server cannot use that KMS key (Ceph RGW answers an unknown key this way). Every push sends it.`,
      fix: `Set keyid to a key the storage service can use (and grant the registry's principal kms:GenerateDataKey and kms:Decrypt on it), or leave keyid empty for SSE-S3.`,
      cause: code,
    };
  }
  if (kms && (code === 'NotImplemented' || httpStatus === 501)) {
    return {
      code: 'KMS_NOT_SUPPORTED',
      message: `${ctx.operation} of an SSE-KMS object (key ${kms}) is not implemented by this server (${answer}). The registry moves every blob with CopyObject, so every push would fail (Ceph RGW 16 answers CopyObject of SSE-KMS objects with 501).`,
      fix: 'Leave keyid empty (encrypt alone uses SSE-S3, AES256), or turn encrypt off and use the bucket\'s default encryption.',
      cause: code ?? `HTTP ${httpStatus}`,
    };
  }
  const storageClass = ctx.sent?.storageClass;
  if (storageClass && (code === 'InvalidStorageClass' || code === 'InvalidArgument')) {
    return {
      code: 'STORAGE_CLASS_REFUSED',
      message: `${ctx.operation} with storage class ${storageClass} was refused (${answer}): the server has no such class (or no placement for it). Every push sends it.`,
      fix: 'Set storageclass to STANDARD, or NONE to send no storage class, or to a class the server offers.',
      cause: code,
    };
  }
  return undefined;
}

/** The server's answer in words: the error code and the HTTP status, as far as they are known. */
export function serverAnswer(code: string | undefined, httpStatus: number | undefined): string {
  return [code, httpStatus ? `HTTP ${httpStatus}` : undefined].filter(Boolean).join(', ') || 'no answer';
}

/**
 * A key that does not exist must answer 404: every push starts with a read of a missing link file, and
 * the registry turns any other error into a 500. S3 answers 404 only to a caller that may list the key.
 */
export function diagnoseMissingKeyForbidden(ctx: Pick<S3FailureContext, 'bucket' | 'resource'> & { key: string; answer: string; rootPrefix: string }): Diagnosis {
  const scope = ctx.rootPrefix ? ` covering the prefix ${ctx.rootPrefix}` : '';
  return {
    code: 'MISSING_KEY_FORBIDDEN',
    message: `GetObject of a key that does not exist (${ctx.key}) answered ${ctx.answer} instead of 404 NoSuchKey. The registry reads such keys at the start of every push, so it will answer 500 to every push. S3 answers 404 for a missing key only when the caller may list it (s3:ListBucket on ${ctx.resource ?? ctx.bucket}).`,
    fix: `Grant s3:ListBucket on ${ctx.resource ?? `the bucket ${ctx.bucket}`}${scope}, and remove any Deny of it. On Ceph RGW 16 a ListBucket limited by an s3:prefix condition still answers 403 here: grant it without the condition.`,
    cause: ctx.answer,
  };
}

/** Turn an S3 error code (or, for bodiless HEAD answers, the HTTP status) into a diagnosis. */
export function diagnoseS3Error(code: string | undefined, httpStatus: number | undefined, ctx: S3FailureContext): Diagnosis {
  const region = ctx.bucketRegion;
  const wrongRegion = (what: string): Diagnosis => ({
    code: 'WRONG_REGION',
    message: `${what} The bucket ${ctx.bucket} is ${region ? `in ${region}` : 'not in the configured region'}, not ${ctx.region}.`,
    fix: region ? `Set the region to ${region}.` : 'Set the region to the bucket\'s region (shown by the bucket-region probe), or fix the endpoint.',
    cause: code ?? String(httpStatus),
  });
  const headerFault = diagnoseWriteHeaders(code, httpStatus, ctx);
  if (headerFault) return headerFault;
  switch (code) {
    case 'SignatureDoesNotMatch':
      return {
        code: 'SIGNATURE_MISMATCH',
        message: 'The storage service rejected the request signature: the secret key does not belong to the access key (or a proxy rewrote the request).',
        fix: 'Re-enter the secret key. If it is right, check for a proxy that changes requests on the way.',
        cause: code,
      };
    case 'InvalidAccessKeyId':
      return {
        code: 'UNKNOWN_ACCESS_KEY',
        message: `The storage service at ${ctx.endpoint} does not know this access key.`,
        fix: 'Check the access key, and that the endpoint belongs to the account (or S3-compatible server) that issued it.',
        cause: code,
      };
    case 'AccessDenied':
    case 'Forbidden': {
      const on = ctx.resource ?? `bucket ${ctx.bucket}`;
      return {
        code: 'ACCESS_DENIED',
        message: `Access denied on ${ctx.operation} (the server answered ${serverAnswer(code, httpStatus)}): the credentials are valid but the policy does not allow ${ctx.action} on ${on}.${ctx.note ? ` ${ctx.note}` : ''}`,
        fix: `Allow ${ctx.action} on ${on} in the user's policy (and remove any explicit Deny). The registry needs the full set: see the least-privilege policy.`,
        cause: code,
      };
    }
    case 'NoSuchBucket':
    case 'NotFound':
      return {
        code: 'NO_SUCH_BUCKET',
        message: `The bucket ${ctx.bucket} does not exist at ${ctx.endpoint}.`,
        fix: 'Create the bucket, or correct the bucket name or the endpoint.',
        cause: code,
      };
    case 'PermanentRedirect':
    case '301':
      return wrongRegion('The service redirected the request to another regional endpoint (PermanentRedirect).');
    case 'AuthorizationHeaderMalformed':
      return wrongRegion('The request was signed for the wrong region (AuthorizationHeaderMalformed).');
    case 'IllegalLocationConstraintException':
      return wrongRegion('The bucket belongs to another region.');
    case 'RequestTimeTooSkewed':
      if (ctx.clockOffsetMs !== undefined) return { ...diagnoseClockSkew(ctx.clockOffsetMs), cause: code };
      return {
        ...diagnoseClockSkew(0),
        message: 'The storage service rejected the request: this machine\'s clock is more than 15 min off the server\'s (RequestTimeTooSkewed).',
        cause: code,
      };
    case 'NoSuchKey':
      return {
        code: 'OBJECT_MISSING',
        message: `${ctx.operation} found no object that was just written: the service is not read-after-write consistent, or something deleted it.`,
        fix: 'Check for lifecycle rules or other processes that delete objects under the root directory.',
        cause: code,
      };
    case 'NoSuchUpload':
      return {
        code: 'UPLOAD_MISSING',
        message: `${ctx.operation} could not find the multipart upload that was just created.`,
        fix: 'Check for lifecycle rules that abort uploads at once, or a load balancer that spreads requests over unsynchronised servers.',
        cause: code,
      };
    case 'InvalidBucketName':
      return {
        code: 'INVALID_BUCKET_NAME',
        message: `The service rejects the bucket name ${ctx.bucket}.`,
        fix: 'Use a bucket name that follows the S3 naming rules.',
        cause: code,
      };
  }
  if (httpStatus === 301) return wrongRegion('The service redirected the request to another regional endpoint.');
  if (httpStatus === 400 && region && region !== ctx.region) return wrongRegion('The service rejected the request.');
  if (httpStatus === 403) {
    return diagnoseS3Error('AccessDenied', httpStatus, ctx);
  }
  return {
    code: 'S3_ERROR',
    message: `${ctx.operation} failed${code ? ` with ${code}` : ''}${httpStatus ? ` (HTTP ${httpStatus})` : ''}.`,
    fix: 'Check the endpoint, the region and the permissions; the cause names the service\'s error code.',
    cause: code ?? (httpStatus ? `HTTP ${httpStatus}` : undefined),
  };
}
