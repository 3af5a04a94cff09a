import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { AppError } from '../../../shared/app-error';
import type { Diagnosis, Evidence } from '../../../shared/checks';
import { diagnoseTransport, meansUnknownCa } from '../../../shared/diagnosis';
import { inspectPeerChain, type PeerChainReport } from '../tls/peer-chain';
import { ProbeFailure, pass, warn, type ProbeContext, type ProbeDefinition, type ProbeOutcome } from './context';

const DAY_MS = 86_400_000;
const EXPIRY_WARNING_DAYS = 14;

function chainEvidence(report: PeerChainReport): Evidence {
  return {
    host: report.host,
    port: report.port,
    protocol: report.protocol ?? 'unknown',
    chain: report.chain.map(({ subject, issuer, subjectAltNames, validFrom, validTo, fingerprint256 }) => ({
      subject,
      issuer,
      subjectAltNames,
      validFrom,
      validTo,
      fingerprint256,
    })),
    trustedBySystem: report.trustedBySystem.ok ? 'yes' : `no (${report.trustedBySystem.code ?? 'unknown'})`,
    ...(report.trustedByCa ? { trustedByGivenCa: report.trustedByCa.ok ? 'yes' : `no (${report.trustedByCa.code ?? 'unknown'})` } : {}),
    hostnameValid: report.hostnameValid.ok ? 'yes' : `no (${report.hostnameValid.reason ?? ''})`,
  };
}

/**
 * What is wrong with the chain as the S3 client will see it (a given CA replaces the system roots).
 * `trust` overrides which verdict counts (DTR's check: always the modelled client's trust set);
 * `whose` names the server in the words ("DTR's (host)" for DTR's check).
 */
export function chainProblem(
  report: PeerChainReport,
  caGiven: boolean,
  trust = caGiven ? report.trustedByCa : report.trustedBySystem,
  whose = "this endpoint's",
): Diagnosis | undefined {
  if (trust && !trust.ok) {
    const code = trust.code ?? 'UNKNOWN';
    if (caGiven && meansUnknownCa(code)) {
      return {
        code: 'TLS_WRONG_CA',
        message: `The root CA certificate given does not sign ${whose} chain (issued by ${report.chain.at(-1)?.issuer ?? 'unknown'}).`,
        fix: 'Paste the root CA that issued the endpoint\'s certificate: the chain it presents is listed with this result, and its last certificate\'s issuer is that CA.',
        cause: code,
      };
    }
    return diagnoseTransport(code) ?? { code: 'TLS_UNTRUSTED', message: `The certificate chain does not verify (${code}).`, fix: 'Check the certificate chain the endpoint serves.', cause: code };
  }
  if (!report.hostnameValid.ok) {
    return { ...(diagnoseTransport('ERR_TLS_CERT_ALTNAME_INVALID') as Diagnosis), cause: report.hostnameValid.reason };
  }
  return undefined;
}

async function inspectHttps(ctx: ProbeContext): Promise<ProbeOutcome> {
  const { connectHost, port } = ctx.target;
  let report: PeerChainReport;
  try {
    report = await inspectPeerChain({
      host: connectHost,
      port,
      ...(ctx.config.ca.trim() ? { caPem: ctx.config.ca } : {}),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof AppError) {
      const data = error.toData();
      throw new ProbeFailure({ code: data.code, message: data.message, fix: data.fix ?? '', ...(data.cause ? { cause: data.cause } : {}) }, { host: connectHost, port });
    }
    throw error;
  }
  const evidence = chainEvidence(report);
  const problem = chainProblem(report, Boolean(ctx.config.ca.trim()));
  if (problem && ctx.config.skipverify) {
    return warn(evidence, {
      ...problem,
      message: `Verification is switched off (skipverify), so this does not stop the registry, but: ${problem.message}`,
      fix: `${problem.fix} Clients that follow redirects to S3 verify it regardless (or disable redirects).`,
    });
  }
  if (problem) throw new ProbeFailure(problem, evidence);
  const leaf = report.chain[0];
  const daysLeft = leaf ? (Date.parse(leaf.validTo) - ctx.now()) / DAY_MS : Infinity;
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return warn(evidence, {
      code: 'TLS_CERT_EXPIRING',
      message: `The endpoint's certificate expires in ${daysLeft.toFixed(1)} days (${leaf?.validTo}).`,
      fix: 'Renew the certificate on the storage endpoint before it expires.',
    });
  }
  return pass(evidence);
}

/** Read the first bytes a plain-HTTP request gets back (empty when the peer closes or resets). */
function firstBytes(ctx: ProbeContext): Promise<Buffer> {
  const { connectHost, port, host } = ctx.target;
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: connectHost, port });
    const done = (value: Buffer | Error) => {
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onAbort = () => done(Object.assign(new Error('aborted'), { code: 'ETIMEDOUT' }));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write(`HEAD / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.once('data', (chunk: Buffer) => done(chunk));
    socket.once('end', () => done(Buffer.alloc(0)));
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? done(Buffer.alloc(0)) : done(error)));
  });
}

/** Does the port complete a TLS handshake? (Used to confirm "HTTP spoken to an HTTPS port".) */
function speaksTls(ctx: ProbeContext): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTls({ host: ctx.target.connectHost, port: ctx.target.port, rejectUnauthorized: false });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(Math.min(ctx.timeoutMs, 3_000), () => done(false));
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** For http:// endpoints: make sure the port really speaks plain HTTP (and not TLS). */
async function confirmPlainHttp(ctx: ProbeContext): Promise<ProbeOutcome> {
  const { connectHost, port } = ctx.target;
  let answer: Buffer;
  try {
    answer = await firstBytes(ctx);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProbeFailure(diagnoseTransport(code) ?? { code: 'TCP_FAILED', message: `Could not connect to ${connectHost}:${port}.`, fix: 'Check the endpoint.', cause: code }, { host: connectHost, port });
  }
  const statusLine = answer.toString('latin1').split('\r\n', 1)[0] ?? '';
  if (statusLine.startsWith('HTTP/')) {
    return pass({ host: connectHost, port, tls: 'not used (secure: false)', plainHttpAnswer: statusLine });
  }
  const evidence = { host: connectHost, port, firstBytes: answer.subarray(0, 8).toString('hex') };
  if (await speaksTls(ctx)) throw new ProbeFailure(diagnoseTransport('HPE_INVALID_CONSTANT') as Diagnosis, { ...evidence, speaksTls: true });
  throw new ProbeFailure(
    { code: 'NOT_HTTP', message: `${connectHost}:${port} does not answer plain HTTP requests (nor TLS).`, fix: 'Check the port in the endpoint URL: it should be the S3 service\'s port.' },
    evidence,
  );
}

/** TLS handshake and the peer chain (trust, name, expiry); for http:// endpoints, a plain-HTTP check. */
export const tlsProbe: ProbeDefinition = {
  id: 'tls',
  run: (ctx) => (ctx.target.scheme === 'https' ? inspectHttps(ctx) : confirmPlainHttp(ctx)),
};
