import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseTarget, runTlsInspect, type TlsInspectIo } from '../../../electron/cli/commands/tls-inspect';
import { issueServerCert, makeCa, type ThrowawayCa } from '../../services/tls-certs';

const rgw = inject('rgw');
const rgwTarget = new URL(rgw.httpsEndpoint).host;
const work = mkdtempSync(join(tmpdir(), 'tls-inspect-cli-'));
let ca: ThrowawayCa;
let server: Server;
let chainTarget = '';

function io(answer = '') {
  const out = { stdout: '', stderr: '', asked: '' };
  const value: TlsInspectIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    ask: async (q) => {
      out.asked += q;
      return answer;
    },
  };
  return { io: value, out };
}

beforeAll(async () => {
  ca = await makeCa(work, 'cli');
  const leaf = await issueServerCert(work, 'cli-leaf', { ca, sans: ['DNS:dtr.cli.test', 'IP:127.0.0.1'] });
  server = createServer({ cert: `${leaf.pem}${ca.pem}`, key: leaf.keyPem }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  chainTarget = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(() => r(undefined)));
  rmSync(work, { recursive: true, force: true });
});

describe('dtr-s3-assistant tls-inspect', () => {
  it('shows subject, fingerprint and expiry; exit 1 while untrusted, 0 with the right CA', async () => {
    const untrusted = io();
    expect(await runTlsInspect(rgwTarget, {}, untrusted.io)).toBe(1);
    expect(untrusted.out.stdout).toContain('CN=localhost');
    expect(untrusted.out.stdout).toMatch(/SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(untrusted.out.stdout).toMatch(/expires in \d+ days/);
    expect(untrusted.out.stdout).toContain('trusted by the default roots: NO (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    const trusted = io();
    expect(await runTlsInspect(rgwTarget, { ca: rgw.caPath }, trusted.io)).toBe(0);
    expect(trusted.out.stdout).toContain('trusted by the given CA:      yes');
  });

  it('a leaf-only server has no CA to offer', async () => {
    const r = io('y');
    expect(await runTlsInspect(rgwTarget, { saveCa: join(work, 'none.crt') }, r.io)).toBe(1);
    expect(r.out.stderr).toMatch(/No CA certificate to save/);
    expect(existsSync(join(work, 'none.crt'))).toBe(false);
  });

  it('offers the presented root, saves it only after a yes, and the saved file then verifies the server', async () => {
    const file = join(work, 'saved', 'dtr-ca.crt');
    const declined = io('n');
    expect(await runTlsInspect(chainTarget, { saveCa: file }, declined.io)).toBe(1);
    expect(declined.out.asked).toContain(`Save it as ${file}? [y/N]`);
    expect(declined.out.stderr).toContain(new X509Certificate(ca.pem).fingerprint256);
    expect(existsSync(file)).toBe(false);
    const agreed = io('yes');
    expect(await runTlsInspect(chainTarget, { saveCa: file }, agreed.io)).toBe(0);
    expect(new X509Certificate(readFileSync(file)).fingerprint256).toBe(new X509Certificate(ca.pem).fingerprint256);
    expect(await runTlsInspect(chainTarget, { ca: file, servername: 'dtr.cli.test' }, io().io)).toBe(0);
    const wrongName = io();
    expect(await runTlsInspect(chainTarget, { ca: file, servername: 'other.cli.test' }, wrongName.io)).toBe(1);
    expect(wrongName.out.stdout).toMatch(/matches the name: NO \(.*other\.cli\.test/);
  });

  it('parses targets and rejects nonsense with exit 2', async () => {
    expect(parseTarget('dtr.example.com')).toEqual({ host: 'dtr.example.com', port: 443 });
    expect(parseTarget('https://s3.example:9000/x')).toEqual({ host: 's3.example', port: 9000 });
    expect(parseTarget('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    const bad = io();
    expect(await runTlsInspect('bad host:x', {}, bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('TLS_BAD_TARGET');
  });
});
