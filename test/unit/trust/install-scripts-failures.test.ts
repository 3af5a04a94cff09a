import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realCaPem } from '../real-ca';
import { storageConfigSchema } from '../../../shared/storage-config';
import { runScript, scriptBundle } from './script-bundle';

/** The bash scripts, run for real under a scratch ROOT: a failed step stops them loudly. */
const work = mkdtempSync(join(tmpdir(), 'install-failures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const realCa = (name: string) => realCaPem(work, name);
const CA = realCa('failures-ca');
const config = storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'registry', regionendpoint: 'https://s3.internal.example:9000', ca: CA });
const bundle = (mode: 'ca' | 'insecure-registry') => scriptBundle(work, config, mode, 'dtr.example.com', CA);

// Budget, not a wait: each case runs real bash scripts (8.8 s for one case at load average 25).
describe('install scripts fail loudly', { timeout: 60_000 }, () => {
  it('a copy that cannot be made exits non-zero, names the step, and never says "installed"', () => {
    const b = bundle('ca');
    // certs.d is a regular file: no directory can be made under it (root or not).
    for (const dir of ['etc/docker', 'home/admin/.docker']) {
      mkdirSync(join(b.root, dir), { recursive: true });
      writeFileSync(join(b.root, dir, 'certs.d'), 'not a directory');
    }
    for (const os of ['debian', 'rhel', 'macos']) {
      const r = runScript(b, `scripts/install-${os}.sh`, [], '', '/home/admin');
      expect(r.code, `${os}\n${r.out}`).not.toBe(0);
      expect(r.out, os).not.toContain('installed:');
      expect(r.out, os).toMatch(/error: .*certs\.d/);
      expect(r.out, os).not.toContain('No Docker restart needed.');
    }
  });

  it('--os-store: a failed copy into the trust store stops before update-ca-certificates', () => {
    const b = bundle('ca');
    mkdirSync(join(b.root, 'usr/local/share'), { recursive: true });
    writeFileSync(join(b.root, 'usr/local/share/ca-certificates'), 'not a directory');
    const r = runScript(b, 'scripts/install-debian.sh', ['--os-store', '--yes']);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).not.toContain('would run: update-ca-certificates');
    expect(r.out).not.toContain('would run: systemctl restart docker');
    expect(r.out).toMatch(/error: .*ca-certificates/);
  });
});

// Budget, not a wait: each case runs real bash scripts (8.8 s for one case at load average 25).
describe('a symlinked daemon.json', { timeout: 60_000 }, () => {
  it('is followed: the link stays, its target is merged after a backup', () => {
    const b = bundle('insecure-registry');
    const docker = join(b.root, 'etc/docker');
    mkdirSync(join(docker, 'managed'), { recursive: true });
    const original = '{\n  "debug": true\n}\n';
    writeFileSync(join(docker, 'managed/daemon.json'), original);
    symlinkSync('managed/daemon.json', join(docker, 'daemon.json'));
    const r = runScript(b, 'scripts/install-debian.sh', [], 'n\n');
    expect(r.code, r.out).toBe(0);
    expect(lstatSync(join(docker, 'daemon.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(docker, 'managed/daemon.json'), 'utf8'))).toEqual({ debug: true, 'insecure-registries': ['dtr.example.com'] });
    const backups = readdirSync(join(docker, 'managed')).filter((n) => n.startsWith('daemon.json.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(docker, 'managed', backups[0] as string), 'utf8')).toBe(original);
    const again = runScript(b, 'scripts/install-debian.sh', [], 'n\n');
    expect(again.out).toContain('already lists dtr.example.com');
  });

  it('that points nowhere is refused with the reason, and nothing is created', () => {
    const b = bundle('insecure-registry');
    const docker = join(b.root, 'etc/docker');
    mkdirSync(docker, { recursive: true });
    symlinkSync('missing/daemon.json', join(docker, 'daemon.json'));
    const r = runScript(b, 'scripts/install-debian.sh', [], 'n\n');
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/daemon\.json is a symbolic link to .*missing\/daemon\.json.* which does not exist/);
    expect(readdirSync(docker)).toEqual(['daemon.json']);
    expect(lstatSync(join(docker, 'daemon.json')).isSymbolicLink()).toBe(true);
  });
});
