import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientTrustMode } from '../../../shared/profile';
import { storageConfigSchema } from '../../../shared/storage-config';
import { planClientTrust, type TrustPlan } from '../../../shared/trust/cert-layout';
import { renderInstallScripts } from '../../../shared/trust/install-scripts';
import { psQuote } from '../../../shared/trust/install-script-windows';
import { PS_DOUBLE_QUOTES, PS_SINGLE_QUOTES, tokenizePowerShell, type PsToken } from './powershell-lexer';

/**
 * Safe by construction: the scripts quote every value for their language, whatever the value. The DTR
 * host rule keeps such hosts out of real plans; here the plan is forged so the quoting is tested alone.
 */
const work = mkdtempSync(join(tmpdir(), 'hostile-scripts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----';
const config = storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'b', regionendpoint: 'https://s3.example:9000', ca: CA });
const BENIGN = 'benign.example';

/** A plan as planClientTrust makes it, with the DTR directory replaced by `dir` everywhere it appears. */
function forgedPlan(mode: ClientTrustMode, dir: string): TrustPlan {
  const plan = planClientTrust({ config, dtrHost: BENIGN, mode, dtrCaPem: CA });
  return {
    ...plan,
    certsDir: dir,
    insecureRegistries: plan.insecureRegistries.map(() => dir),
    files: plan.files.map((f) => ({ ...f, bundlePath: f.bundlePath.split(BENIGN).join(dir) })),
  };
}
const scriptOf = (plan: TrustPlan, suffix: string) => renderInstallScripts(plan).find((s) => s.path.endsWith(suffix))?.content ?? '';

describe('PowerShell: a value never leaves its single-quoted string or its comment', () => {
  const hostile = [
    'x#>New-Item("PWNED")<#',
    "x';New-Item PWNED;'",
    ...[...PS_SINGLE_QUOTES].map((q) => `x${q};New-Item PWNED;${q}`),
    ...[...PS_DOUBLE_QUOTES].map((q) => `x${q};New-Item PWNED;${q}`),
    'x$(New-Item PWNED)',
    'x`;New-Item PWNED',
    'x\nNew-Item PWNED\n#',
    'x\r\nNew-Item PWNED',
    "x@'\nNew-Item PWNED",
    'x<#',
  ];

  it.each([...PS_SINGLE_QUOTES, ...PS_DOUBLE_QUOTES, '`', '$', '#', '\n'].map((q) => [q]))('psQuote keeps %j inside the literal', (q) => {
    const value = `a${q}b${q}${q}c${q}`;
    const tokens = tokenizePowerShell(`Write-Host ${psQuote(value)}\n`);
    expect(tokens.map((t) => t.kind)).toEqual(['code', 'single', 'code']);
    expect((tokens[1] as Extract<PsToken, { kind: 'single' }>).value).toBe(value);
  });

  it.each(['ca', 'insecure-registry'] as const)('%s: same token structure as a benign host, and each value decodes exactly', (mode) => {
    const benign = tokenizePowerShell(scriptOf(forgedPlan(mode, BENIGN), '.ps1'));
    for (const dir of hostile) {
      const forged = tokenizePowerShell(scriptOf(forgedPlan(mode, dir), '.ps1'));
      expect(forged.map((t) => t.kind), JSON.stringify(dir)).toEqual(benign.map((t) => t.kind));
      forged.forEach((token, i) => {
        const twin = benign[i] as PsToken;
        if (token.kind === 'code' || token.kind === 'double') expect(token.text, JSON.stringify(dir)).toBe(twin.text);
        if (token.kind === 'single' && twin.kind === 'single') expect(token.value).toBe(twin.value.split(BENIGN).join(dir));
      });
    }
  });
});

/** Run a bash script for real, under ROOT, from a scratch working directory. */
function runBash(bundleDir: string, script: string, root: string, cwd: string) {
  const r = spawnSync('bash', [join(bundleDir, script), '--yes'], {
    cwd,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/home/admin', ROOT: root },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('bash: a value never leaves its single-quoted word', () => {
  // No '/' (it is a path separator in the file system the scripts write to), no NUL.
  const hostile = [
    "x'; touch PWNED; echo '",
    'x$(touch PWNED)',
    'x`touch PWNED`',
    'x"; touch PWNED; "',
    'x\ntouch PWNED\n#',
    'x\\',
    '*',
    '~',
    '-rf',
    "x'\\''y",
    'x$HOME',
    'x!$',
  ];

  it.each(['ca', 'insecure-registry'] as const)('%s: Debian and macOS scripts install to the exact path and run nothing', (mode) => {
    for (const [n, dir] of hostile.entries()) {
      const base = mkdtempSync(join(work, `${mode}-${n}-`));
      const plan = forgedPlan(mode, dir);
      for (const f of [...plan.files.map((x) => ({ path: x.bundlePath, content: x.content })), ...renderInstallScripts(plan)]) {
        mkdirSync(dirname(join(base, 'bundle', f.path)), { recursive: true });
        writeFileSync(join(base, 'bundle', f.path), f.content);
      }
      for (const [os, certsBase, daemon] of [
        ['debian', 'etc/docker/certs.d', 'etc/docker/daemon.json'],
        ['macos', 'home/admin/.docker/certs.d', 'home/admin/.docker/daemon.json'],
      ] as const) {
        const root = join(base, `root-${os}`);
        const cwd = join(base, `cwd-${os}`);
        mkdirSync(root);
        mkdirSync(cwd);
        const r = runBash(join(base, 'bundle'), `scripts/install-${os}.sh`, root, cwd);
        const label = `${os} ${JSON.stringify(dir)}\n${r.out}`;
        expect(r.code, label).toBe(0);
        expect(readdirSync(cwd), label).toEqual([]);
        expect(existsSync(join(base, 'bundle', 'PWNED')) || existsSync(join(base, 'PWNED')), label).toBe(false);
        if (mode === 'ca') expect(readFileSync(join(root, certsBase, dir, 'ca.crt'), 'utf8'), label).toBe(`${CA}\n`);
        else expect(JSON.parse(readFileSync(join(root, daemon), 'utf8'))['insecure-registries'], label).toEqual([dir]);
      }
    }
  }, 120_000);
});
