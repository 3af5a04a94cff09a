import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scrubbedEnv } from '../../services/registry';
import { startClientTrustLab, type ClientTrustLab } from './client-trust-lab';

/**
 * Issue 16: the bundle's ansible/playbook.yml, run by Debian's ansible-core with -c local against
 * scratch roots (every path a variable; never the real /etc/docker or trust store). The hosts are
 * aliases of this machine; verify-client on each one talks to RGW over TLS and the registry over TLS.
 */
const run = promisify(execFile);
const rgw = inject('rgw');
let lab: ClientTrustLab;
let bundle: string;

beforeAll(async () => {
  lab = await startClientTrustLab(rgw, 'fleet-playbook');
  bundle = await lab.exportBundle('fleet', { clientProbe: true });
}, 120_000);
afterAll(async () => lab?.stop());

interface Host {
  name: string;
  root: string;
  vars?: Record<string, unknown>;
}

/** Scratch paths for one host under `root`; the handlers only append to a log there. */
function hostVars(root: string): Record<string, unknown> {
  return {
    ansible_connection: 'local',
    ansible_python_interpreter: '/usr/bin/python3',
    docker_trust_become: false,
    docker_certs_dir: join(root, 'etc/docker/certs.d'),
    docker_daemon_json: join(root, 'etc/docker/daemon.json'),
    os_trust_anchor: join(root, 'usr/local/share/ca-certificates/dtr-storage-ca.crt'),
    os_trust_update_argv: ['sh', '-c', 'echo update-ca-certificates >> "$1"', 'sh', join(root, 'handlers.log')],
    docker_restart_argv: ['sh', '-c', 'echo restart-docker >> "$1"', 'sh', join(root, 'handlers.log')],
  };
}

async function playbook(bundleDir: string, hosts: Host[], extra: Record<string, unknown> = {}) {
  const tag = hosts.map((h) => h.name).join('-');
  const inventory = join(lab.work, `inventory-${tag}.json`);
  const entries = Object.fromEntries(hosts.map((h) => [h.name, { ...hostVars(h.root), ...h.vars }]));
  writeFileSync(inventory, JSON.stringify({ docker_hosts: { hosts: entries } }));
  const extraVars = join(lab.work, `extra-${tag}.json`);
  writeFileSync(extraVars, JSON.stringify(extra));
  const home = join(lab.work, 'ansible-home');
  // Stand-ins that refuse: should a default ever win over the scratch variables, the real commands never run.
  const shims = join(home, 'refuse-bin');
  mkdirSync(shims, { recursive: true });
  for (const cmd of ['systemctl', 'update-ca-certificates', 'update-ca-trust']) {
    writeFileSync(join(shims, cmd), `#!/bin/sh\necho "the test must not run the real ${cmd}" >&2\nexit 97\n`, { mode: 0o755 });
  }
  const env = scrubbedEnv(home, {
    PATH: `${shims}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LANG: 'C.UTF-8',
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(home, 'tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_PIPELINING: '1',
  });
  const args = ['-i', inventory, '-c', 'local', join(bundleDir, 'ansible', 'playbook.yml'), '-e', `@${extraVars}`];
  const out = await run('ansible-playbook', args, { env, timeout: 420_000, maxBuffer: 16 << 20 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  const recap = new Map<string, { changed: number; failed: number }>();
  for (const m of out.stdout.matchAll(/^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)/gm)) {
    recap.set(m[1] as string, { changed: Number(m[2]), failed: Number(m[3]) });
  }
  return { ...out, recap };
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** The machine's real Docker and trust store: the play must never reach them (paths are variables). */
function realSystemState(): string {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort().join(',') : '-');
  return [list('/etc/docker'), list('/etc/docker/certs.d'), read('/etc/docker/daemon.json') ?? '-', list('/usr/local/share/ca-certificates')].join('\n');
}

describe('ansible/playbook.yml (ansible-core, -c local, scratch roots)', () => {
  it('first run changes, second run 0 changed; a malformed daemon.json and a failing verify-client each fail their host, named', async () => {
    const real = realSystemState();
    const good = join(lab.work, 'host-a');
    const broken = join(lab.work, 'host-c');
    const elsewhere = join(lab.work, 'host-e');
    mkdirSync(join(good, 'etc/docker'), { recursive: true });
    writeFileSync(join(good, 'etc/docker/daemon.json'), '{\n  "log-driver": "journald"\n}\n');
    mkdirSync(join(broken, 'etc/docker'), { recursive: true });
    const brokenJson = '{ "log-driver": "journald", }\n';
    writeFileSync(join(broken, 'etc/docker/daemon.json'), brokenJson);
    const hosts: Host[] = [
      { name: 'host-a', root: good, vars: { os_trust_store: true } },
      { name: 'host-c', root: broken, vars: { os_trust_store: true } },
      // host-e's Docker reads another certs.d than the one the play fills (e.g. a snap or rootless engine).
      { name: 'host-e', root: elsewhere, vars: { verify_client_args: ['--certs-dir', join(elsewhere, 'var/snap/docker/certs.d')] } },
    ];
    const first = await playbook(bundle, hosts);
    expect(realSystemState()).toBe(real);
    expect(first.code, first.stdout).not.toBe(0);
    // host-a: installed, the OS store rebuilt and Docker restarted once each, verify-client passed.
    expect(first.recap.get('host-a')?.failed, first.stdout).toBe(0);
    expect(first.recap.get('host-a')?.changed).toBeGreaterThan(0);
    const certs = join(good, 'etc/docker/certs.d', lab.certsDir);
    expect(readdirSync(certs).sort()).toEqual(['ca.crt', 'storage-ca.crt']);
    expect(read(join(certs, 'storage-ca.crt'))).toBe(read(join(bundle, 'trust', 'storage-ca.crt')));
    expect(read(join(good, 'usr/local/share/ca-certificates/dtr-storage-ca.crt'))).toBe(read(join(bundle, 'trust', 'storage-ca.crt')));
    expect(read(join(good, 'handlers.log'))).toBe('update-ca-certificates\nrestart-docker\n');
    expect(read(join(good, 'etc/docker/daemon.json'))).toBe('{\n  "log-driver": "journald"\n}\n'); // nothing to merge for "ca"
    expect(first.stdout).toMatch(/PASS probe-download/);
    // host-c: the reason, and nothing changed there.
    expect(first.recap.get('host-c')).toEqual({ changed: 0, failed: 1 });
    expect(first.stdout).toContain(`${join(broken, 'etc/docker/daemon.json')} is not valid`);
    expect(first.stdout).toMatch(/Expecting property name/);
    expect(first.stdout).toContain('Nothing was changed on this host');
    expect(read(join(broken, 'etc/docker/daemon.json'))).toBe(brokenJson);
    expect(readdirSync(broken).sort()).toEqual(['etc']);
    expect(readdirSync(join(broken, 'etc/docker'))).toEqual(['daemon.json']);
    // host-e: named, with the failing check.
    expect(first.recap.get('host-e')?.failed).toBe(1);
    expect(first.stdout).toMatch(/verify-client failed on host-e: .*FAIL +tls-storage +TLS_UNKNOWN_CA/);

    const second = await playbook(bundle, hosts);
    expect(second.recap.get('host-a'), second.stdout).toEqual({ changed: 0, failed: 0 });
    expect(read(join(good, 'handlers.log'))).toBe('update-ca-certificates\nrestart-docker\n');
    expect(second.recap.get('host-c')).toEqual({ changed: 0, failed: 1 });
    expect(realSystemState()).toBe(real);
  }, 600_000);

  it('insecure-registry: daemon.json is merged keeping every other key and their order, Docker restarts once; a second run changes nothing', async () => {
    const real = realSystemState();
    const insecure = await lab.exportBundle('fleet-insecure', { trust: 'insecure-registry' });
    const root = join(lab.work, 'host-b');
    const daemonJson = join(root, 'etc/docker/daemon.json');
    mkdirSync(join(root, 'etc/docker'), { recursive: true });
    const before = { 'log-driver': 'journald', 'insecure-registries': ['other.lab:5000'], features: { buildkit: true }, 'max-concurrent-downloads': 3 };
    writeFileSync(daemonJson, JSON.stringify(before));
    const first = await playbook(insecure, [{ name: 'host-b', root }]);
    expect(first.code, first.stdout).toBe(0);
    const after = JSON.parse(read(daemonJson) as string) as Record<string, unknown>;
    expect(after).toEqual({ ...before, 'insecure-registries': ['other.lab:5000', lab.certsDir] });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(readdirSync(join(root, 'etc/docker')).filter((f) => f.startsWith('daemon.json.'))).toHaveLength(1); // the backup
    expect(read(join(root, 'handlers.log'))).toBe('restart-docker\n');
    expect(first.stdout).toMatch(/SKIP tls-storage .*insecure-registry/);

    const second = await playbook(insecure, [{ name: 'host-b', root }]);
    expect(second.recap.get('host-b'), second.stdout).toEqual({ changed: 0, failed: 0 });
    expect(read(join(root, 'handlers.log'))).toBe('restart-docker\n');
    expect(realSystemState()).toBe(real);
  }, 600_000);
});
