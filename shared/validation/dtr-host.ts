import { z } from 'zod';

/**
 * DTR's address as Docker clients write it in image names: a host name, an IPv4 literal or a bracketed
 * IPv6 literal, then an optional :port. Nothing else: no scheme, path, user, space or quote. The value
 * becomes a certs.d directory name, a daemon.json entry and text in scripts and a README, so this rule
 * is the first wall; the quoting of every generator is the second.
 */
export interface DtrHostAddress {
  /** Lower-cased host; IPv6 keeps its brackets. */
  host: string;
  port?: number;
  /** The certs.d directory name: host, or host:port unless the port is 443 (Docker's lookup). */
  certsDir: string;
}
export type DtrHostCheck = { ok: true; address: DtrHostAddress } | { ok: false; message: string; fix: string };

// Docker's reference grammar for a domain component (distribution/reference regexp.go).
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;
const PORT = /^[1-9]\d{0,4}$/;
const FIX = 'Enter DTR\'s host as clients use it in image names, without https:// or a path: e.g. dtr.example.com, dtr.example.com:4443, 10.0.0.5 or [2001:db8::5]:4443.';

function validHostName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  // An all-digit last label would read as a (bad) IPv4 address.
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] as string);
}

function validIpv6(body: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(body) || !body.includes(':')) return false;
  try {
    return new URL(`http://[${body}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function checkDtrHost(value: string): DtrHostCheck {
  const bad = (why: string): DtrHostCheck => ({ ok: false, message: `"${value.slice(0, 100)}" is not a DTR host[:port]: ${why}.`, fix: FIX });
  if (value === '') return bad('it is empty');
  if (value.length > 261) return bad('it is too long');
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/.exec(value);
  if (!match) return bad('only one ":port" may follow the host (an IPv6 address goes in [brackets])');
  const [, rawHost = '', rawPort] = match;
  if (rawPort !== undefined && (!PORT.test(rawPort) || Number(rawPort) > 65535)) return bad('the port must be a number from 1 to 65535');
  const host = rawHost.toLowerCase();
  if (host.startsWith('[')) {
    if (!validIpv6(host.slice(1, -1))) return bad('that is not an IPv6 address');
  } else if (IPV4.test(host)) {
    if (host.split('.').some((octet) => Number(octet) > 255)) return bad('that is not an IPv4 address');
  } else if (!validHostName(host)) {
    return bad('a host name is letters, digits and "-" in dot-separated labels');
  }
  const port = rawPort === undefined ? undefined : Number(rawPort);
  const certsDir = port === undefined || port === 443 ? host : `${host}:${port}`;
  return { ok: true, address: { host, ...(port === undefined ? {} : { port }), certsDir } };
}

const refineHost = (value: string, ctx: z.RefinementCtx, allowEmpty: boolean) => {
  if (allowEmpty && value === '') return;
  const found = checkDtrHost(value);
  if (!found.ok) ctx.addIssue({ code: 'custom', message: 'not a DTR host[:port] (a host name, IPv4 or [IPv6], and an optional port)' });
};
/** The rule as a schema for the doors (IPC contract, profiles). The rejected value is never echoed. */
export const dtrHostSchema = z.string().max(261).superRefine((v, ctx) => refineHost(v, ctx, false));
/** The same, where '' means "not given" (an export without the client-trust part). */
export const optionalDtrHostSchema = z.string().max(261).superRefine((v, ctx) => refineHost(v, ctx, true));
/**
 * For saved profiles: older versions accepted DTR's URL ("https://dtr.example.com/"), so exactly that
 * form is reduced to its host[:port] before the rule; anything else must pass the rule as it is.
 */
export const storedDtrHostSchema = z
  .string()
  .max(300)
  .transform((v) => v.replace(/^https?:\/\/([^/]*)\/?$/i, '$1'))
  .pipe(optionalDtrHostSchema);

/**
 * DTR's URL as the wizard takes it: https://, then a host[:port] that passes checkDtrHost, and nothing
 * after it but an optional "/". The URL parser alone lets through what no DTR address holds: a space in
 * the path ("https://dtr.example.com/ x" becomes "/%20x"), tabs and line breaks it silently drops.
 */
export function checkDtrUrl(value: string): { ok: true; host: DtrHostAddress } | { ok: false; message: string; fix?: string } {
  const url = value.trim();
  if (!url) return { ok: false, message: 'Enter the DTR URL, e.g. https://dtr.example.com.' };
  if (/\s/.test(url)) return { ok: false, message: 'The DTR URL contains a space or a line break.', fix: 'Remove it: a URL has no spaces (e.g. https://dtr.example.com).' };
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/?)(.*)$/i.exec(url);
  if (!match) return { ok: false, message: 'That is not a URL.', fix: 'Use the form https://dtr.example.com (with the port if it is not 443).' };
  const [, scheme = '', authority = '', , rest = ''] = match;
  if (scheme.toLowerCase() !== 'https') return { ok: false, message: 'DTR is reached over HTTPS: the URL starts with https://.' };
  if (rest) return { ok: false, message: 'The DTR URL has a path, query or fragment after the host.', fix: 'Give only https://host[:port], e.g. https://dtr.example.com.' };
  const host = checkDtrHost(authority);
  return host.ok ? { ok: true, host: host.address } : { ok: false, message: host.message, fix: host.fix };
}
