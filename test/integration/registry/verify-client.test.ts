import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCheck } from '../../../electron/cli/commands/check';
import type { CliIo } from '../../../electron/cli/commands/render';
import { clientProbeKeyPrefix, parseClientProbeKey } from '../../../shared/trust/client-probe';
import { verifyClientCheckIds } from '../../../shared/trust/verify-client';
import { makeCa } from '../../services/tls-certs';
import { runScript, startClientTrustLab, type ClientTrustLab } from './client-trust-lab';

/**
 * Issue 16: scripts/verify-client.sh, run as a Docker host would, against RGW over TLS and a real
 * registry over TLS (the DTR stand-in). The trust it uses must be Docker's: system roots plus
 * certs.d/<dtr-host>/*.crt, nothing from the environment (the scripts run with env scrubbed).
 */
const rgw = inject('rgw');
let lab: ClientTrustLab;
let bundle: string;

beforeAll(async () => {
  lab = await startClientTrustLab(rgw, 'verify-client');
  bundle = await lab.exportBundle('probe', { clientProbe: true });
}, 120_000);
afterAll(async () => lab?.stop());

const probeKeyOf = (dir: string) => {
  const match = new RegExp(`${clientProbeKeyPrefix(lab.rootdirectory)}\\d+-[a-z0-9]+`).exec(readFileSync(join(dir, 'README.md'), 'utf8'));
  return match?.[0] as string;
};

describe('verify-client.sh against RGW over TLS', () => {
  it("passes with the bundle's certs.d layout: every check, the presigned download included", async () => {
    const certsD = await lab.installCertsD(bundle, 'good');
    const result = await lab.verify(bundle, certsD);
    expect(result.code, result.stdout).toBe(0);
    expect([...result.lines.keys()]).toEqual([...verifyClientCheckIds]);
    for (const id of ['dns-dtr', 'tcp-dtr', 'tls-dtr', 'dns-storage', 'tcp-storage', 'tls-storage', 'probe-download', 'certs-dir']) {
      expect(result.lines.get(id), result.stdout).toMatch(/^PASS/);
    }
    expect(result.lines.get('tls-storage')).toContain(lab.storageHost);
    expect(result.lines.get('certs-dir')).toMatch(/ca\.crt storage-ca\.crt/);
  });

  it('fails without the storage CA next to DTR\'s, naming the storage host and the fix; certs.d/<storage-host> does not help', async () => {
    const certsD = join(lab.work, 'client-no-storage-ca', 'certs.d');
    mkdirSync(join(certsD, lab.certsDir), { recursive: true });
    cpSync(join(bundle, 'docker', 'certs.d', lab.certsDir, 'ca.crt'), join(certsD, lab.certsDir, 'ca.crt'));
    // Where people often put it, and Docker ignores it for the redirected download:
    mkdirSync(join(certsD, lab.storageHost), { recursive: true });
    cpSync(join(bundle, 'trust', 'storage-ca.crt'), join(certsD, lab.storageHost, 'ca.crt'));
    const result = await lab.verify(bundle, certsD);
    expect(result.code, result.stdout).toBe(1);
    expect(result.lines.get('tls-dtr')).toMatch(/^PASS/);
    const tls = result.lines.get('tls-storage') as string;
    expect(tls).toMatch(/^FAIL +tls-storage +TLS_WRONG_CA|^FAIL +tls-storage +TLS_UNKNOWN_CA/);
    expect(tls).toContain(`${lab.storageHost}:`);
    expect(tls).toContain(`Fix:`);
    expect(tls).toContain(`docker/certs.d/${lab.certsDir}/storage-ca.crt`);
    expect(result.lines.get('probe-download')).toMatch(/^FAIL +probe-download +TLS_(WRONG|UNKNOWN)_CA/);
    expect(result.stdout).toMatch(/WARN .*a certs\.d directory for the storage host exists/);
  });

  it('with no CA at all for DTR either: TLS_UNKNOWN_CA for both hosts', async () => {
    const result = await lab.verify(bundle, join(lab.work, 'client-empty'));
    expect(result.code).toBe(1);
    expect(result.lines.get('certs-dir')).toMatch(/^WARN/);
    expect(result.lines.get('tls-dtr')).toMatch(/^FAIL +tls-dtr +TLS_UNKNOWN_CA +127\.0\.0\.1:/);
    expect(result.lines.get('tls-storage')).toMatch(new RegExp(`^FAIL +tls-storage +TLS_UNKNOWN_CA +${lab.storageHost.replace(/\./g, '\\.')}:`));
  });

  it('fails with a wrong CA in place of the storage CA: TLS_WRONG_CA naming the storage host', async () => {
    const certsD = await lab.installCertsD(bundle, 'wrong-ca');
    const wrong = await makeCa(join(lab.work, 'pki-wrong'), 'wrong');
    writeFileSync(join(certsD, lab.certsDir, 'storage-ca.crt'), wrong.pem);
    const result = await lab.verify(bundle, certsD);
    expect(result.code, result.stdout).toBe(1);
    expect(result.lines.get('tls-dtr')).toMatch(/^PASS/);
    expect(result.lines.get('tls-storage')).toMatch(new RegExp(`^FAIL +tls-storage +TLS_WRONG_CA +${lab.storageHost.replace(/\./g, '\\.')}:`));
  });

  it("the trust comes only from the script's own CA file: SSL_CERT_FILE / CURL_CA_BUNDLE pointing at the storage CA change nothing", async () => {
    const certsD = join(lab.work, 'client-env-only', 'certs.d');
    mkdirSync(join(certsD, lab.certsDir), { recursive: true });
    cpSync(join(bundle, 'docker', 'certs.d', lab.certsDir, 'ca.crt'), join(certsD, lab.certsDir, 'ca.crt'));
    const ca = join(bundle, 'trust', 'storage-ca.crt');
    const script = join(bundle, 'scripts', 'verify-client.sh');
    const result = await runScript(script, ['--certs-dir', certsD], { SSL_CERT_FILE: ca, CURL_CA_BUNDLE: ca, SSL_CERT_DIR: join(bundle, 'trust') }, join(lab.work, 'home'));
    expect(result.code).toBe(1);
    expect(result.lines.get('tls-storage')).toMatch(/^FAIL/);
  });
});

describe('--client-probe: the presigned download, and the check that removes expired probes', () => {
  it('an expired probe fails PROBE_EXPIRED; a later check removes that object and keeps the live one', async () => {
    const liveKey = probeKeyOf(bundle);
    expect(parseClientProbeKey(lab.rootdirectory, liveKey)?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 6 * 86400);
    const short = await lab.exportBundle('short-probe', { clientProbe: true, clientProbeExpires: '1s' });
    const shortKey = probeKeyOf(short);
    const expiresAt = parseClientProbeKey(lab.rootdirectory, shortKey)?.expiresAt as number;
    expect(await lab.listKeys(clientProbeKeyPrefix(lab.rootdirectory))).toEqual(expect.arrayContaining([liveKey, shortKey]));
    // Wait for the clock to pass the expiry (a condition, bounded: at most 3 s past it).
    for (let i = 0; i < 60 && Date.now() <= expiresAt * 1000 + 1000; i++) await new Promise((r) => setTimeout(r, 100));
    expect(Date.now()).toBeGreaterThan(expiresAt * 1000);

    const certsD = await lab.installCertsD(short, 'short');
    const expired = await lab.verify(short, certsD);
    expect(expired.code).toBe(1);
    expect(expired.lines.get('tls-storage')).toMatch(/^PASS/);
    expect(expired.lines.get('probe-download')).toMatch(/^FAIL +probe-download +PROBE_EXPIRED .*HTTP 403 AccessDenied/);

    const out: string[] = [];
    const configPath = join(lab.work, 'storage.json');
    const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), env: { DTR_S3_ACCESS_KEY: rgw.accessKey, DTR_S3_SECRET_KEY: rgw.secretKey } };
    const code = await runCheck({ config: configPath, json: true }, io);
    expect([0, 1]).toContain(code);
    const left = await lab.listKeys(clientProbeKeyPrefix(lab.rootdirectory));
    expect(left).toContain(liveKey);
    expect(left).not.toContain(shortKey);
    // The live probe still downloads after the check.
    const again = await lab.verify(bundle, await lab.installCertsD(bundle, 'after-check'));
    expect(again.lines.get('probe-download'), again.stdout).toMatch(/^PASS/);
  });

  it('the bundle says what the presigned URL grants, and holds no secret key', async () => {
    const readme = readFileSync(join(bundle, 'README.md'), 'utf8');
    expect(readme).toMatch(/grants read of that one probe object[^.]*until it expires/);
    expect(readme).toMatch(/Pushes need the trust too/);
    for (const f of ['scripts/verify-client.sh', 'scripts/verify-client.ps1', 'ansible/bundle-vars.yml', 'README.md']) {
      expect(readFileSync(join(bundle, f), 'utf8')).not.toContain(rgw.secretKey);
    }
    expect(readFileSync(join(bundle, 'scripts/verify-client.sh'), 'utf8')).toContain('X-Amz-Signature=');
  });
});
