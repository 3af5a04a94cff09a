import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real self-signed CA certificate made by openssl in `dir` (the validation parses the DER; scripts fingerprint it). */
export function realCaPem(dir: string, name: string): string {
  const out = join(dir, `${name}.crt`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-keyout', join(dir, `${name}.key`), '-out', out, '-subj', `/CN=${name}`], { env: { PATH: '/usr/bin:/bin' } });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
  return readFileSync(out, 'utf8').trim();
}
