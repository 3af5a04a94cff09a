import { resolve } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { inFamily } from '../../../shared/error-codes';
import { EXIT } from '../../../shared/cli-exit-codes';
import { pickCaCandidate } from '../../../shared/trust/ca-candidate';
import { readCaFile } from '../../services/ca-file';
import { inspectPeerChain, saveCaCertificate, type CertSummary, type PeerChainReport } from '../../services/tls/peer-chain';
import type { CliContext } from '../context';
import { formatAppError } from '../validation-output';

export interface TlsInspectOptions {
  ca?: string;
  servername?: string;
  saveCa?: string;
  yes?: boolean;
  json?: boolean;
  timeoutMs?: number;
}

export type TlsInspectIo = Pick<CliContext, 'stdout' | 'stderr' | 'ask'>;

/** "host:port", "[v6]:port" or an https URL (port 443 by default). */
export function parseTarget(target: string): { host: string; port: number } {
  const url = /^[a-z]+:\/\//i.test(target) ? target : `https://${target}`;
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : 443;
    if (u.hostname) return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    /* reported below */
  }
  throw new AppError({ code: 'TLS_BAD_TARGET', message: `"${target.slice(0, 100)}" is not host[:port].`, fix: 'For example: s3.internal.example:9000 or dtr.example.com.' });
}

function daysLeft(iso: string): string {
  const days = Math.floor((Date.parse(iso) - Date.now()) / 86_400_000);
  return days < 0 ? `EXPIRED ${-days} days ago` : `expires in ${days} days`;
}

function describeCert(c: CertSummary, index: number): string {
  return [
    `  [${index}] ${c.subject}${c.isCA ? '  (CA)' : ''}${c.selfSigned ? '  (self-signed)' : ''}`,
    `      issuer:  ${c.issuer}`,
    ...(c.subjectAltNames.length ? [`      names:   ${c.subjectAltNames.join(', ')}`] : []),
    `      valid:   ${c.validFrom} → ${c.validTo} (${daysLeft(c.validTo)})`,
    `      SHA-256: ${c.fingerprint256}`,
  ].join('\n');
}

const yesNo = (v: { ok: boolean; code?: string; reason?: string }) => (v.ok ? 'yes' : `NO (${v.code ?? v.reason ?? 'unknown'})`);

export function formatReport(r: PeerChainReport): string {
  return [
    `TLS ${r.host}:${r.port} (name checked: ${r.servername})${r.protocol ? `, ${r.protocol}` : ''}`,
    ...r.chain.map(describeCert),
    `trusted by the default roots: ${yesNo(r.trustedBySystem)}`,
    ...(r.trustedByCa ? [`trusted by the given CA:      ${yesNo(r.trustedByCa)}`] : []),
    `certificate matches the name: ${yesNo(r.hostnameValid)}`,
    '',
  ].join('\n');
}

/** `tls-inspect`: show the chain a server presents; optionally save its root/issuer as the CA file. */
export async function runTlsInspect(target: string, options: TlsInspectOptions, io: TlsInspectIo): Promise<number> {
  let report: PeerChainReport;
  try {
    const { host, port } = parseTarget(target);
    const caPem = options.ca ? (await readCaFile(options.ca)).pem : undefined;
    report = await inspectPeerChain({ host, port, servername: options.servername, caPem, timeoutMs: options.timeoutMs });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(formatAppError(error));
    return error.code === 'TLS_BAD_TARGET' || inFamily(error.code, 'CA_FILE', 'PEM') ? EXIT.USAGE : EXIT.FAILED;
  }
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  const verified = (report.trustedByCa ?? report.trustedBySystem).ok && report.hostnameValid.ok;
  if (!options.saveCa) return verified ? EXIT.OK : EXIT.FAILED;

  const candidate = pickCaCandidate(report);
  if (candidate.kind === 'unavailable') {
    io.stderr(`No CA certificate to save: ${candidate.note}\n`);
    return EXIT.FAILED;
  }
  const c = candidate.cert;
  io.stderr(
    `Offering the ${candidate.kind === 'root' ? 'root CA' : candidate.kind === 'issuer' ? 'highest issuer' : 'self-signed certificate'}:\n` +
      `  subject: ${c.subject}\n  SHA-256: ${c.fingerprint256}\n  expires: ${c.validTo} (${daysLeft(c.validTo)})\n  ${candidate.note}\n`,
  );
  const answer = options.yes ? 'y' : await io.ask(`Save it as ${options.saveCa}? [y/N] `);
  if (!/^y/i.test(answer.trim())) {
    io.stderr('Not saved.\n');
    return EXIT.FAILED;
  }
  await saveCaCertificate(c, resolve(options.saveCa));
  io.stderr(`Saved ${options.saveCa}.\n`);
  return EXIT.OK;
}
