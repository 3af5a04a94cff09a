import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds a secret in bytes, including the encodings a leak would most likely take: raw (UTF-8, and so
 * JSON/URL text for a canary of [A-Za-z0-9-]), UTF-16LE, hex (either case) and base64/base64url at all
 * three byte alignments (a secret inside a longer base64 blob shifts by its offset modulo 3).
 */
export function secretForms(secret: string): { name: string; bytes: Buffer }[] {
  const forms = [
    { name: 'utf8', bytes: Buffer.from(secret, 'utf8') },
    { name: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'hex', bytes: Buffer.from(Buffer.from(secret).toString('hex')) },
    { name: 'HEX', bytes: Buffer.from(Buffer.from(secret).toString('hex').toUpperCase()) },
  ];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset, 0x41), Buffer.from(secret)]);
    for (const encoding of ['base64', 'base64url'] as const) {
      // Drop the characters that also depend on the bytes around the secret (the padding ones and the
      // edge ones), keeping the stable middle of at least 16 characters.
      const text = padded.toString(encoding).replace(/=+$/, '');
      const stable = text.slice(Math.ceil((offset * 4) / 3) + 1, -2);
      if (stable.length >= 16) forms.push({ name: `${encoding}@${offset}`, bytes: Buffer.from(stable) });
    }
  }
  return forms;
}

export interface Finding {
  where: string;
  form: string;
  count: number;
}

/** Every occurrence of any form of the secret in `data`, labelled with `where`. */
export function scanBytes(where: string, data: Buffer | string, secret: string): Finding[] {
  const haystack = typeof data === 'string' ? Buffer.from(data) : data;
  const findings: Finding[] = [];
  for (const form of secretForms(secret)) {
    let count = 0;
    for (let at = haystack.indexOf(form.bytes); at !== -1 && count < 1000; at = haystack.indexOf(form.bytes, at + 1)) count++;
    if (count > 0) findings.push({ where, form: form.name, count });
  }
  return findings;
}

/** Scan every regular file under `dir` (recursively; bounded to 10 000 files). */
export function scanTree(dir: string, secret: string): { files: number; findings: Finding[] } {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).slice(0, 10_000);
  let files = 0;
  const findings: Finding[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    files++;
    findings.push(...scanBytes(path, readFileSync(path), secret));
  }
  return { files, findings };
}
