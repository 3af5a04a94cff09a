import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ansibleUnsafeString, renderAnsibleFiles } from '../../../shared/trust/ansible';
import { planClientTrust } from '../../../shared/trust/cert-layout';
import {
  clientProbeKey,
  clientProbeKeyPrefix,
  isExpiredClientProbe,
  parseClientProbeKey,
  parseClientProbeTtl,
} from '../../../shared/trust/client-probe';
import { splitDtrName } from '../../../shared/trust/verify-client';
import { renderVerifyClientPs1 } from '../../../shared/trust/verify-client-ps1';
import { renderVerifyClientSh } from '../../../shared/trust/verify-client-sh';
import { storageConfigSchema } from '../../../shared/storage-config';

describe('the client-probe key rule (shared by export and check)', () => {
  it('keys live under the root directory and carry their expiry', () => {
    expect(clientProbeKeyPrefix('/registry/')).toBe('registry/dtr-s3-assistant-client-probe/');
    expect(clientProbeKeyPrefix('')).toBe('dtr-s3-assistant-client-probe/');
    const key = clientProbeKey('/registry', 1_900_000_000, 'ab12');
    expect(key).toBe('registry/dtr-s3-assistant-client-probe/1900000000-ab12');
    expect(parseClientProbeKey('/registry', key)).toEqual({ key, expiresAt: 1_900_000_000, id: 'ab12' });
  });

  it('only an expired probe under the prefix may be swept; anything else is left alone', () => {
    const key = clientProbeKey('/r', 1000, 'x1');
    expect(isExpiredClientProbe('/r', key, 1_000_001)).toBe(true);
    expect(isExpiredClientProbe('/r', key, 1_000_000)).toBe(false);
    expect(isExpiredClientProbe('/other', key, 9e15)).toBe(false);
    expect(isExpiredClientProbe('/r', 'r/dtr-s3-assistant-client-probe/notes.txt', 9e15)).toBe(false);
    expect(isExpiredClientProbe('/r', 'r/dtr-s3-assistant-probe/1000-x1', 9e15)).toBe(false);
    expect(() => clientProbeKey('/r', 1, 'UPPER')).toThrow();
  });

  it('validity: 1 s to 7 days, with units', () => {
    expect(parseClientProbeTtl('7d')).toBe(604_800);
    expect(parseClientProbeTtl('24h')).toBe(86_400);
    expect(parseClientProbeTtl('90')).toBe(90);
    for (const bad of ['8d', '0', '604801', '1w', '-5s', '']) expect(() => parseClientProbeTtl(bad), bad).toThrow(/between 1 second and 7 days/);
  });
});

const hostile = `dtr'"$(id)\`{{ lookup('pipe','id') }}\u2028#>`;

describe('verify-client and ansible renderings hold any value as data', () => {
  const plan = {
    dtrName: 'dtr.example.com:4443',
    dtrHost: 'dtr.example.com',
    dtrPort: 4443,
    mode: 'ca' as const,
    storage: { scheme: 'https' as const, host: 's3.example.com', port: 443 },
    probe: { url: `https://s3.example.com/b/k?X-Amz-Signature=ab&q=${hostile}`, body: `probe ${hostile}\n`, expiresAt: 1 },
  };

  it('bash: parses, and the values come back byte for byte', () => {
    const script = renderVerifyClientSh(plan);
    const dir = mkdtempSync(join(tmpdir(), 'verify-render-'));
    try {
      const path = join(dir, 'v.sh');
      // Only the variable block: cut before the option parsing and print the values.
      writeFileSync(path, `${script.slice(0, script.indexOf('CERTS_DIR='))}printf '%s\\n' "$PROBE_URL" "$PROBE_BODY" "$DTR_NAME"\n`);
      execFileSync('bash', ['-n', path]);
      const out = execFileSync('bash', [path], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }).toString();
      expect(out).toBe(`${plan.probe.url}\nprobe ${hostile}\n${plan.dtrName}\n`);
      writeFileSync(path, script);
      execFileSync('bash', ['-n', path]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PowerShell: values are single-quoted literals (quotes doubled), never inside the comment block', () => {
    const ps1 = renderVerifyClientPs1({ ...plan, dtrName: `dtr.example.com` });
    const comment = ps1.slice(0, ps1.indexOf('#>'));
    expect(comment).not.toContain(hostile);
    expect(ps1).toContain(`$ProbeBody = 'probe dtr''"$(id)\`{{ lookup(''pipe'',''id'') }}\u2028#>'`);
  });

  it('ansible: the vars file parses as YAML and every value is !unsafe text', () => {
    expect(parse(`v: ${ansibleUnsafeString(hostile)}`, { customTags: [{ tag: '!unsafe', resolve: (s: string) => s }] }).v).toBe(hostile);
    const trust = planClientTrust({ config: storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'b-1', regionendpoint: 'https://s3.example.com', ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' }), dtrHost: 'dtr.example.com:4443', mode: 'ca', dtrCaPem: 'pem' });
    const files = renderAnsibleFiles(trust);
    const vars = parse(files.find((f) => f.path === 'ansible/bundle-vars.yml')?.content as string, { customTags: [{ tag: '!unsafe', resolve: (s: string) => s }] });
    expect(vars).toEqual({ dtr_certs_name: 'dtr.example.com:4443', bundle_certs_files: ['ca.crt', 'storage-ca.crt'], bundle_insecure_registries: [], bundle_os_store_ca: 'trust/storage-ca.crt' });
    for (const f of files) expect(() => parse(f.content, { customTags: [{ tag: '!unsafe', resolve: (s: string) => s }] }), f.path).not.toThrow();
  });

  it('splits the certs.d name into host and port', () => {
    expect(splitDtrName('dtr.example.com')).toEqual({ host: 'dtr.example.com', port: 443 });
    expect(splitDtrName('10.0.0.1:5000')).toEqual({ host: '10.0.0.1', port: 5000 });
    expect(splitDtrName('[::1]:5000')).toEqual({ host: '::1', port: 5000 });
  });
});
