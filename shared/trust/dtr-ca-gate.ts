import type { ClientTrustMode } from '../profile';

/**
 * The client-trust gate: every Docker client gets DTR's CA from this step (certs.d/<dtr-host>/ca.crt), so
 * the step is done only when that trust verifies DTR's host — checked by main with the trust a client
 * will have (electron/services/tls/dtr-trust.ts) — or when the user explicitly overrides for this host
 * and this CA. Pure: the wizard's gate, its view and the export all read it from here.
 */
export interface DtrCaGateInput {
  trustMode: ClientTrustMode;
  dtrHost: string;
  dtrCaPem: string;
  /** The subject (dtrTrustSubject) main last verified; '' when the last verification failed. */
  dtrCaVerifiedFor: string;
  /** The subject the user chose "I know this CA does not verify <host>" for; '' when not chosen. */
  dtrCaOverrideFor: string;
}

/** What a verdict is about: this host with this CA text. A change of either voids it. */
export function dtrTrustSubject(dtrHost: string, dtrCaPem: string): string {
  return `${dtrHost.trim()}\n${dtrCaPem.trim()}`;
}

/** With an insecure registry clients check no certificate, so there is nothing to verify. */
export const dtrCaMatters = (mode: ClientTrustMode): boolean => mode !== 'insecure-registry';

/** The override, in the words the user chooses it with and the bundle's README records. */
export const dtrCaOverrideText = (dtrHost: string): string => `I know this CA does not verify ${dtrHost.trim()}`;

export type DtrCaStatus = 'not-needed' | 'verified' | 'overridden' | 'unverified';

export function dtrCaStatus(v: DtrCaGateInput): DtrCaStatus {
  if (!dtrCaMatters(v.trustMode)) return 'not-needed';
  const subject = dtrTrustSubject(v.dtrHost, v.dtrCaPem);
  if (v.dtrCaVerifiedFor === subject) return 'verified';
  if (v.dtrCaOverrideFor === subject) return 'overridden';
  return 'unverified';
}

/** The step's blocking message, or undefined when the gate is open. */
export function dtrCaGateError(v: DtrCaGateInput): string | undefined {
  if (dtrCaStatus(v) !== 'unverified') return undefined;
  const host = v.dtrHost.trim();
  return v.dtrCaPem.trim()
    ? `This CA has not verified ${host}: every Docker client would get a ca.crt that does not work. Paste the CA that issued DTR's certificate (or use the inspected root), or choose “${dtrCaOverrideText(host)}”.`
    : `Clients cannot verify ${host} with the public roots alone: paste DTR's CA certificate (or use the inspected root), or choose “${dtrCaOverrideText(host)}”.`;
}
