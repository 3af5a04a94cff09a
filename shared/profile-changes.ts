import type { ClientTrust, ProfileIam } from './profile';
import type { StorageConfig } from './storage-config';

/** One field a save would change, in words a confirmation can show ("bucket: dtr-a → dtr-b"). */
export interface ProfileChange {
  field: string;
  from: string;
  to: string;
}

/** What a save compares: the stored side and the incoming side (no secret is ever part of either). */
export interface ProfileContent {
  storage: StorageConfig;
  clientTrust: ClientTrust;
  /** The IAM step's choice (server, policy flavour, scope); absent in a profile saved before it was kept. */
  iam?: ProfileIam;
  /** The registry key's ID (an identifier, not a secret) when the keychain holds one. */
  registryKeyId?: string;
}

const MAX_SHOWN = 80;

/** A PEM is long and unreadable in a one-line change: name it by its first certificate's line count instead. */
function shown(field: string, value: unknown): string {
  if (value === undefined || value === '') return '(empty)';
  if (field === 'ca' || field === 'clientTrust.dtrCaPem') return typeof value === 'string' && value.includes('BEGIN CERTIFICATE') ? 'a certificate' : '(text)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function compareField(changes: ProfileChange[], field: string, from: unknown, to: unknown): void {
  if (JSON.stringify(from ?? '') === JSON.stringify(to ?? '')) return;
  // Two different certificates both read "a certificate": say which way it changed.
  const fromText = shown(field, from);
  const toText = shown(field, to);
  changes.push({ field, from: fromText, to: fromText === toText ? `${toText} (a different one)` : toText });
}

/**
 * Every field that differs between a saved profile and what would replace it: the driver keys in the
 * model's order, then the client-trust choice, the IAM step's choice, then the registry key's ID. Empty: the save changes nothing.
 */
export function describeProfileChanges(saved: ProfileContent, next: ProfileContent): ProfileChange[] {
  const changes: ProfileChange[] = [];
  const keys = [...new Set([...Object.keys(saved.storage), ...Object.keys(next.storage)])] as (keyof StorageConfig)[];
  for (const key of keys) compareField(changes, key, saved.storage[key], next.storage[key]);
  for (const key of ['dtrHost', 'mode', 'dtrCaPem'] as const) {
    compareField(changes, `clientTrust.${key}`, saved.clientTrust[key], next.clientTrust[key]);
  }
  // Only an incoming choice is compared: a save without one keeps the saved one (profile-repository).
  if (next.iam) for (const key of ['server', 'policyFlavor', 'scopeToRoot'] as const) compareField(changes, `iam.${key}`, saved.iam?.[key], next.iam[key]);
  if (next.registryKeyId !== undefined) compareField(changes, 'registry key ID', saved.registryKeyId, next.registryKeyId);
  return changes;
}

/** "bucket: dtr-a → dtr-b; region: …" for an error message or a confirmation's summary. */
export function summarizeProfileChanges(changes: readonly ProfileChange[]): string {
  return changes.length === 0 ? 'nothing (the saved values are the same)' : changes.map((c) => `${c.field}: ${c.from} → ${c.to}`).join('; ');
}
