import { X509Certificate } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname } from 'node:path';
import { checkServerIdentity, connect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { AppError } from '../../../shared/app-error';
import { diagnoseTransportError } from '../../../shared/diagnosis';

/** One certificate of a presented chain, in the words a user needs to decide whether to trust it. */
export interface CertSummary {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  /** ISO 8601. */
  validFrom: string;
  /** ISO 8601. */
  validTo: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as browsers and `openssl x509 -fingerprint` show it). */
  fingerprint256: string;
  isCA: boolean;
  selfSigned: boolean;
  pem: string;
}

export interface PeerChainReport {
  host: string;
  port: number;
  servername: string;
  /** Leaf first, then each issuer as far as it is known (presented by the server, or found in a trust store). */
  chain: CertSummary[];
  protocol?: string;
  /** Verified against Node's default roots (the bundled Mozilla store plus NODE_EXTRA_CA_CERTS). */
  trustedBySystem: { ok: boolean; code?: string };
  /** Verified against `caPem` only, when it was given. */
  trustedByCa?: { ok: boolean; code?: string };
  hostnameValid: { ok: boolean; reason?: string };
}

export interface InspectPeerChainOptions {
  host: string;
  port: number;
  /** SNI and the name the certificate must match; defaults to `host`. */
  servername?: string;
  /** The trust to verify against instead of the default roots: one PEM text, or several (a trust set). */
  caPem?: string | string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Handshake {
  authorized: boolean;
  authorizationError?: string;
  protocol?: string;
  peer: DetailedPeerCertificate;
}

/**
 * One TLS handshake that never rejects the peer, so the chain can be read even when it is untrusted.
 * Hostname checking is switched off here: trust and name are reported separately, because they have
 * different fixes (a CA file versus a reissued certificate).
 */
function handshake(opts: InspectPeerChainOptions, servername: string, ca?: string | string[]): Promise<Handshake> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({
      host: opts.host,
      port: opts.port,
      // SNI must not be an IP address (RFC 6066); the name check below still uses it.
      ...(isIP(servername) ? {} : { servername }),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...(ca !== undefined ? { ca } : {}),
    });
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(new AppError({ code: 'ABORTED', message: 'The TLS inspection was cancelled.' }));
    const timer = setTimeout(
      () =>
        fail(
          new AppError({
            code: 'TLS_TIMEOUT',
            message: `No TLS handshake with ${opts.host}:${opts.port} within ${timeoutMs} ms.`,
            fix: 'Check that the port serves HTTPS (not plain HTTP) and that no firewall drops the connection.',
          }),
        ),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const result: Handshake = {
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        protocol: socket.getProtocol() ?? undefined,
        peer: socket.getPeerCertificate(true),
      };
      cleanup();
      socket.end();
      resolve(result);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const known = diagnoseTransportError(error.code);
      fail(
        new AppError(
          known ?? {
            code: 'TLS_CONNECT_FAILED',
            message: `Could not complete a TLS handshake with ${opts.host}:${opts.port}.`,
            fix: 'Check the host, the port and that it serves HTTPS.',
            cause: error.code ?? error.message.slice(0, 200),
          },
        ),
      );
    });
  });
}

const toIso = (openSslDate: string) => new Date(openSslDate).toISOString();

function derToPem(raw: Buffer): string {
  const b64 = raw.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

export function summarizeCertificate(x509: X509Certificate): CertSummary {
  const selfSigned = x509.checkIssued(x509) && x509.verify(x509.publicKey);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    subjectAltNames: x509.subjectAltName ? x509.subjectAltName.split(', ') : [],
    validFrom: toIso(x509.validFrom),
    validTo: toIso(x509.validTo),
    fingerprint256: x509.fingerprint256,
    isCA: x509.ca,
    selfSigned,
    pem: derToPem(x509.raw),
  };
}

/** Walk leaf → issuer links; Node links a self-signed root to itself, so stop on a repeat. */
function chainOf(peer: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = peer;
  for (let depth = 0; current?.raw && depth < 16; depth++) {
    if (seen.has(current.fingerprint256)) break;
    seen.add(current.fingerprint256);
    out.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return out;
}

/**
 * Fetch the chain a TLS server presents (DTR or a storage endpoint) and say whether it is trusted by
 * the default roots, by a given CA, and valid for the name.
 */
export async function inspectPeerChain(opts: InspectPeerChainOptions): Promise<PeerChainReport> {
  const servername = opts.servername?.trim() || opts.host;
  const first = await handshake(opts, servername);
  const withCa = hasCa(opts.caPem) ? await handshake(opts, servername, opts.caPem) : undefined;
  const firstChain = chainOf(first.peer);
  // The CA handshake can complete the chain with a root the server did not send.
  const caChain = withCa ? chainOf(withCa.peer) : [];
  const chain = caChain.length > firstChain.length ? caChain : firstChain;
  const leaf = chain[0];
  if (!leaf) {
    throw new AppError({
      code: 'TLS_NO_CERTIFICATE',
      message: `${opts.host}:${opts.port} completed a handshake without presenting a certificate.`,
    });
  }
  const identityError = checkServerIdentity(servername, first.peer);
  return {
    host: opts.host,
    port: opts.port,
    servername,
    chain: chain.map(summarizeCertificate),
    ...(first.protocol ? { protocol: first.protocol } : {}),
    trustedBySystem: verdict(first),
    ...(withCa ? { trustedByCa: verdict(withCa) } : {}),
    hostnameValid: identityError ? { ok: false, reason: identityError.message } : { ok: true },
  };
}

const hasCa = (ca: string | string[] | undefined): ca is string | string[] =>
  Array.isArray(ca) ? ca.some((pem) => pem.trim()) : Boolean(ca?.trim());

function verdict(h: Handshake): { ok: boolean; code?: string } {
  return h.authorized ? { ok: true } : { ok: false, code: h.authorizationError ?? 'UNKNOWN' };
}

/** Write a chosen CA certificate as PEM (public data: mode 0644), after the user agreed. */
export async function saveCaCertificate(cert: Pick<CertSummary, 'pem'>, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, cert.pem, { mode: 0o644 });
}
