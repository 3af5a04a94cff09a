import type { FieldIssue } from './types';
import type { ErrorCode } from '../error-codes';

/**
 * The region endpoint URL of an S3-compatible service: http(s)://host[:port], nothing after the
 * authority. The driver hands it to the SDK as the service root, so a path would be silently mangled
 * into every object key's URL, and the scheme decides TLS no matter what `secure` says.
 */
export interface ParsedEndpoint {
  scheme: 'http' | 'https';
  host: string;
  port?: number;
}

const issue = (code: ErrorCode, message: string, fix?: string): FieldIssue => ({
  field: 'regionendpoint',
  code,
  message,
  ...(fix ? { fix } : {}),
});

/**
 * The scheme an endpoint as typed starts with, in any case (`HTTP://` is http), or undefined when it has
 * none yet. The forms set "Use HTTPS" from it (`secure` unless the scheme is http), so a form and this
 * rule never disagree about a case.
 */
export function endpointScheme(value: string): 'http' | 'https' | undefined {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : undefined;
}

export function checkEndpoint(value: string, secure: boolean): { endpoint?: ParsedEndpoint; errors: FieldIssue[] } {
  const text = value.trim();
  if (text !== value) {
    return { errors: [issue('ENDPOINT_WHITESPACE', 'The endpoint URL has spaces before or after it.', `Use "${text}".`)] };
  }
  const expected = secure ? 'https' : 'http';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return {
      errors: [issue('ENDPOINT_NO_SCHEME', `The endpoint "${text}" has no scheme.`, `Write it as ${expected}://${text} ("Use HTTPS" is ${secure ? 'on' : 'off'}).`)],
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { errors: [issue('ENDPOINT_INVALID_URL', `"${text}" is not a valid URL.`, 'Use the form https://host[:port].')] };
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { errors: [issue('ENDPOINT_BAD_SCHEME', `The endpoint uses "${scheme}://"; only http:// and https:// are possible.`)] };
  }
  const errors: FieldIssue[] = [];
  if (scheme !== expected) {
    errors.push(
      issue(
        'ENDPOINT_SCHEME_MISMATCH',
        `The endpoint uses ${scheme}:// but "Use HTTPS" is ${secure ? 'on' : 'off'}; the two must agree.`,
        secure ? 'Use https:// in the endpoint, or turn "Use HTTPS" off if the service only speaks HTTP.' : 'Use http:// in the endpoint, or turn "Use HTTPS" on.',
      ),
    );
  }
  if (!url.hostname) errors.push(issue('ENDPOINT_NO_HOST', 'The endpoint URL has no host name.'));
  if (url.username || url.password) {
    errors.push(issue('ENDPOINT_CREDENTIALS_IN_URL', 'The endpoint URL contains a user name or password.', 'Remove them from the URL; keys go in the access key and secret key fields.'));
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    errors.push(issue('ENDPOINT_HAS_PATH', `The endpoint URL has a path ("${url.pathname}"); it must be just the scheme, host and port.`, `Use ${url.protocol}//${url.host}; put a bucket in the bucket field and a prefix in the root directory.`));
  }
  if (url.search || url.hash || text.endsWith('?') || text.endsWith('#')) {
    errors.push(issue('ENDPOINT_HAS_QUERY', 'The endpoint URL has a query or fragment; it must be just the scheme, host and port.', `Use ${url.protocol}//${url.host}.`));
  }
  if (errors.length) return { errors };
  return {
    endpoint: { scheme, host: url.hostname.replace(/^\[|\]$/g, ''), ...(url.port ? { port: Number(url.port) } : {}) },
    errors,
  };
}
