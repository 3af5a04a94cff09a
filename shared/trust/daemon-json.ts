import { AppError } from '../app-error';
import { findJsonError } from '../json-error-position';

/**
 * Docker's daemon.json: where it lives, and how to add `insecure-registries` without disturbing what
 * an administrator already has in it (other keys, their order, the file's indentation and line endings).
 */
export const daemonJsonLocations = {
  linux: '/etc/docker/daemon.json',
  windows: 'C:\\ProgramData\\docker\\config\\daemon.json',
  /** Docker Desktop keeps it per user and edits it through Settings → Docker Engine. */
  macos: '~/.docker/daemon.json',
} as const;
export type DaemonJsonPlatform = keyof typeof daemonJsonLocations;

export interface DaemonJsonMerge {
  text: string;
  /** False when every registry was already listed: the file need not be written (idempotent). */
  changed: boolean;
  added: string[];
}

/**
 * Docker rejects entries with a scheme ("should not contain '://'"), so accept what users paste
 * (https://dtr.example.com/) and keep only host[:port] or a CIDR.
 */
export function normalizeRegistryEntry(entry: string): string {
  const trimmed = entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  if (!trimmed || /[\s/]/.test(trimmed.replace(/\/\d{1,3}$/, ''))) {
    throw new AppError({
      code: 'DAEMON_JSON_BAD_REGISTRY',
      message: `"${entry.slice(0, 100)}" is not a registry host[:port] or CIDR.`,
      fix: 'Enter the DTR host name as clients use it, e.g. dtr.example.com or dtr.example.com:4443.',
    });
  }
  return trimmed;
}

/** Merge `registries` into the text of an existing daemon.json ('' or whitespace = no file yet). */
export function mergeInsecureRegistries(existingText: string, registries: string[]): DaemonJsonMerge {
  const bom = existingText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? existingText.slice(1) : existingText;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const wanted = registries.map(normalizeRegistryEntry);
  const root: unknown = body.trim() ? parseDaemonJson(body) : {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new AppError({
      code: 'DAEMON_JSON_NOT_OBJECT',
      message: 'daemon.json must contain one JSON object ({ ... }).',
      fix: 'Fix the file by hand or move it aside; Docker would not start with it either.',
    });
  }
  const config = root as Record<string, unknown>;
  const current = config['insecure-registries'];
  if (current !== undefined && (!Array.isArray(current) || current.some((v) => typeof v !== 'string'))) {
    throw new AppError({
      code: 'DAEMON_JSON_BAD_KEY',
      message: '"insecure-registries" in daemon.json is not a list of strings.',
      fix: 'Make it a list, e.g. "insecure-registries": ["dtr.example.com"].',
    });
  }
  const list = [...((current as string[] | undefined) ?? [])];
  const known = new Set(list.map((v) => v.toLowerCase()));
  const added: string[] = [];
  for (const entry of wanted) {
    if (known.has(entry.toLowerCase())) continue;
    known.add(entry.toLowerCase());
    list.push(entry);
    added.push(entry);
  }
  if (added.length === 0 && body.trim()) return { text: existingText, changed: false, added };
  // Assigning to an existing key keeps its position; a new key goes last.
  config['insecure-registries'] = list;
  const text = JSON.stringify(config, null, detectIndent(body)).replace(/\n/g, eol) + eol;
  return { text: bom + text, changed: true, added };
}

function detectIndent(text: string): string | number {
  const match = /\n([ \t]+)"/.exec(text);
  return match?.[1] ?? 2;
}

/** JSON.parse, with an error that names line and column (V8's messages give neither reliably). */
export function parseDaemonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = findJsonError(text);
    const where = at ? `: expected ${at.expected} at line ${at.line}, column ${at.column}` : '';
    throw new AppError({
      code: 'DAEMON_JSON_INVALID',
      message: `daemon.json is not valid JSON${where}.`,
      fix: 'Correct the file at that position (JSON allows no comments and no trailing commas), then run the step again.',
    });
  }
}
