import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realCaPem } from '../real-ca';
import type { ClientTrustMode } from '../../../shared/profile';
import { storageConfigSchema } from '../../../shared/storage-config';
import { planClientTrust } from '../../../shared/trust/cert-layout';
import { renderInstallScripts } from '../../../shared/trust/install-scripts';
import { runScript, scriptBundle } from './script-bundle';

const work = mkdtempSync(join(tmpdir(), 'install-scripts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const realCa = (name: string) => realCaPem(work, name);
const STORAGE_CA = realCa('storage test CA');
const DTR_CA = realCa('dtr test CA');
const config = storageConfigSchema.parse({
  provider: 's3-compatible',
  region: 'us-east-1',
  bucket: 'registry',
  regionendpoint: 'https://s3.internal.example:9000',
  forcepathstyle: true,
  ca: STORAGE_CA,
});

const bundle = (mode: ClientTrustMode, dtrHost = 'dtr.example.com:4443') => scriptBundle(work, config, mode, dtrHost, DTR_CA);
const run = runScript;

// Budget, not a wait: each case runs real bash scripts (8.8 s for one case at load average 25).
describe('bash install scripts', { timeout: 60_000 }, () => {
  it.each(['ca', 'insecure-registry', 'disable-redirect'] as const)('pass bash -n (%s)', (mode) => {
    const b = bundle(mode);
    for (const s of ['scripts/install-debian.sh', 'scripts/install-rhel.sh', 'scripts/install-macos.sh']) {
      const r = spawnSync('bash', ['-n', join(b.bundleDir, s)], { encoding: 'utf8' });
      expect(r.stderr, s).toBe('');
      expect(r.status, s).toBe(0);
    }
  });

  it("Debian 'ca': installs both CAs into certs.d/<dtr-host:port>/, and a second run changes nothing", () => {
    const b = bundle('ca');
    const first = run(b, 'scripts/install-debian.sh');
    expect(first.code, first.out).toBe(0);
    const dir = join(b.root, 'etc/docker/certs.d/dtr.example.com:4443');
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(`${DTR_CA}\n`);
    expect(readFileSync(join(dir, 'storage-ca.crt'), 'utf8')).toBe(`${STORAGE_CA}\n`);
    expect(first.out).toContain('No Docker restart needed.');
    const second = run(b, 'scripts/install-debian.sh');
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('installed:');
    expect(second.out.match(/unchanged:/g)).toHaveLength(2);
  });

  it('Debian --os-store: installs the CA, runs update-ca-certificates, and asks before restarting', () => {
    const b = bundle('ca');
    const declined = run(b, 'scripts/install-debian.sh', ['--os-store'], 'n\n');
    expect(declined.code, declined.out).toBe(0);
    expect(readFileSync(join(b.root, 'usr/local/share/ca-certificates/dtr-storage-ca.crt'), 'utf8')).toBe(`${STORAGE_CA}\n`);
    expect(declined.out).toContain('would run: update-ca-certificates');
    expect(declined.out).toMatch(/Restart Docker now\? \[y\/N\]/);
    expect(declined.out).toContain('Docker was NOT restarted');
    expect(declined.out).not.toContain('would run: systemctl restart docker');
    // No answer at all (no terminal, empty stdin) is a no as well.
    rmSync(join(b.root, 'usr'), { recursive: true });
    expect(run(b, 'scripts/install-debian.sh', ['--os-store'], '').out).toContain('Docker was NOT restarted');
    rmSync(join(b.root, 'usr'), { recursive: true });
    const agreed = run(b, 'scripts/install-debian.sh', ['--os-store'], 'y\n');
    expect(agreed.out).toContain('would run: systemctl restart docker');
    const again = run(b, 'scripts/install-debian.sh', ['--os-store'], 'y\n');
    expect(again.out).not.toContain('would run:');
    expect(again.out).toContain('No Docker restart needed.');
  });

  it('never hangs in automation: an open but silent stdin means "no" after a short wait', async () => {
    const b = bundle('ca');
    const started = Date.now();
    const child = spawn('bash', [join(b.bundleDir, 'scripts/install-debian.sh'), '--os-store'], {
      env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/root', ROOT: b.root },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (c) => (clearTimeout(killer), resolve(c)));
    });
    child.stdin.destroy();
    // 'exit' can come before the last output is read: wait for stdout to end too.
    if (!child.stdout.readableEnded) await new Promise((resolve) => child.stdout.once('end', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain('Docker was NOT restarted');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('RHEL --os-store uses the anchors directory and update-ca-trust', () => {
    const b = bundle('ca', 'dtr.example.com');
    const r = run(b, 'scripts/install-rhel.sh', ['--os-store', '--yes']);
    expect(r.code, r.out).toBe(0);
    expect(existsSync(join(b.root, 'etc/pki/ca-trust/source/anchors/dtr-storage-ca.crt'))).toBe(true);
    expect(existsSync(join(b.root, 'etc/docker/certs.d/dtr.example.com/storage-ca.crt'))).toBe(true);
    expect(r.out).toContain('would run: update-ca-trust extract');
    expect(r.out).toContain('would run: systemctl restart docker');
  });

  it("insecure-registry: merges into an existing daemon.json after a backup, keeps keys and order, idempotent", () => {
    const b = bundle('insecure-registry', 'dtr.example.com:443');
    const daemon = join(b.root, 'etc/docker/daemon.json');
    mkdirSync(dirname(daemon), { recursive: true });
    const original = '{\n  "log-driver": "journald",\n  "insecure-registries": ["old.example:5000"],\n  "debug": true\n}\n';
    writeFileSync(daemon, original);
    const first = run(b, 'scripts/install-debian.sh', [], 'n\n');
    expect(first.code, first.out).toBe(0);
    const merged = JSON.parse(readFileSync(daemon, 'utf8'));
    expect(Object.keys(merged)).toEqual(['log-driver', 'insecure-registries', 'debug']);
    expect(merged['insecure-registries']).toEqual(['old.example:5000', 'dtr.example.com']);
    const backups = readdirSync(dirname(daemon)).filter((n) => n.startsWith('daemon.json.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dirname(daemon), backups[0] as string), 'utf8')).toBe(original);
    expect(first.out).toMatch(/Restart Docker now\?/);
    const second = run(b, 'scripts/install-debian.sh', [], 'y\n');
    expect(second.out).toContain('unchanged: /etc/docker/daemon.json already lists dtr.example.com');
    expect(second.out).toContain('No Docker restart needed.');
    expect(readdirSync(dirname(daemon)).filter((n) => n.startsWith('daemon.json.bak-'))).toHaveLength(1);
  });

  it('insecure-registry: refuses invalid JSON naming line and column, and changes nothing', () => {
    const b = bundle('insecure-registry');
    const daemon = join(b.root, 'etc/docker/daemon.json');
    mkdirSync(dirname(daemon), { recursive: true });
    writeFileSync(daemon, '{\n  "debug": true,\n}\n');
    const r = run(b, 'scripts/install-debian.sh');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/not valid JSON: .* at line 3, column 1/);
    expect(readFileSync(daemon, 'utf8')).toBe('{\n  "debug": true,\n}\n');
    expect(readdirSync(dirname(daemon))).toEqual(['daemon.json']);
  });

  it("macOS installs into the user's ~/.docker and prints the keychain command", () => {
    const b = bundle('ca');
    const r = run(b, 'scripts/install-macos.sh', ['--os-store'], 'n\n', '/Users/admin');
    expect(r.code, r.out).toBe(0);
    expect(existsSync(join(b.root, 'Users/admin/.docker/certs.d/dtr.example.com:4443/storage-ca.crt'))).toBe(true);
    expect(r.out).toMatch(/would run: sudo security add-trusted-cert -d -r trustRoot -k \/Library\/Keychains\/System\.keychain/);
  });

  it('macOS: Docker Desktop copies ~/.docker/certs.d at start, so a changed CA file asks for a restart; an unchanged one does not', () => {
    const b = bundle('ca');
    const first = run(b, 'scripts/install-macos.sh', [], 'n\n', '/Users/admin');
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('Docker was NOT restarted. Restart it later: quit and reopen Docker Desktop');
    const second = run(b, 'scripts/install-macos.sh', [], 'n\n', '/Users/admin');
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('No Docker restart needed.');
  });

  it("disable-redirect installs only DTR's CA and never asks to restart", () => {
    const b = bundle('disable-redirect');
    const r = run(b, 'scripts/install-debian.sh', ['--os-store']);
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(join(b.root, 'etc/docker/certs.d/dtr.example.com:4443'))).toEqual(['ca.crt']);
    expect(r.out).toContain('No Docker restart needed.');
  });
});

describe('PowerShell install script (structure; no PowerShell on this machine)', () => {
  const ps = (mode: ClientTrustMode) =>
    renderInstallScripts(planClientTrust({ config, dtrHost: 'dtr.example.com:4443', mode, dtrCaPem: DTR_CA })).find((s) =>
      s.path.endsWith('.ps1'),
    )?.content ?? '';

  it('requires elevation, declares its switches first, and balances its blocks', () => {
    const text = ps('ca');
    expect(text.startsWith('#Requires -RunAsAdministrator\n')).toBe(true);
    const code = text.replace(/^#Requires.*\n/, '').replace(/<#[\s\S]*?#>/, '').replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"`]|`.)*"/g, '""');
    expect(code.trimStart().startsWith('param([switch]$OsStore, [switch]$Yes)')).toBe(true);
    for (const [open, close] of [['{', '}'], ['(', ')']] as const) {
      expect(code.split(open).length, open).toBe(code.split(close).length);
    }
  });

  it('uses the colon-free certs.d name and installs from trust/', () => {
    const text = ps('ca');
    expect(text).toContain("'C:\\ProgramData\\docker\\certs.d\\dtr.example.com4443\\storage-ca.crt'");
    expect(text).toContain("Install-BundleFile 'trust/dtr-ca.crt'");
    expect(text).not.toMatch(/certs\.d\\dtr\.example\.com:4443/);
    expect(text).toMatch(/Thumbprint -eq \$cert\.Thumbprint[\s\S]*Import-Certificate/);
  });

  it('backs up daemon.json before writing it and asks before restarting', () => {
    const text = ps('insecure-registry');
    expect(text).toContain("Merge-DaemonJson 'C:\\ProgramData\\docker\\config\\daemon.json' @('dtr.example.com:4443')");
    expect(text.indexOf('Copy-Item -LiteralPath $path -Destination $backup')).toBeLessThan(text.indexOf('WriteAllText'));
    expect(text.indexOf('Read-Host')).toBeGreaterThan(0);
    expect(text.indexOf('Read-Host')).toBeLessThan(text.indexOf('Invoke-System { Restart-Service docker }'));
  });
});
