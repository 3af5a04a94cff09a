import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientTrustMode } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import { planClientTrust } from '../../../shared/trust/cert-layout';
import { renderInstallScripts } from '../../../shared/trust/install-scripts';

/** Lay out a bundle (trust files + scripts) under `work` exactly as the export writes it. */
export function scriptBundle(work: string, config: StorageConfig, mode: ClientTrustMode, dtrHost: string, dtrCaPem: string) {
  const dir = mkdtempSync(join(work, `${mode}-`));
  const plan = planClientTrust({ config, dtrHost, mode, dtrCaPem });
  for (const f of [...plan.files.map((x) => ({ path: x.bundlePath, content: x.content })), ...renderInstallScripts(plan)]) {
    mkdirSync(dirname(join(dir, 'bundle', f.path)), { recursive: true });
    writeFileSync(join(dir, 'bundle', f.path), f.content);
  }
  const root = join(dir, 'root');
  mkdirSync(root);
  return { dir, root, plan, bundleDir: join(dir, 'bundle') };
}

/** Run a script for real with a scrubbed environment, a ROOT prefix and the given answer on stdin. */
export function runScript(b: { root: string; bundleDir: string }, script: string, args: string[] = [], input = '', home = '/root') {
  const r = spawnSync('bash', [join(b.bundleDir, script), ...args], {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', HOME: home, ROOT: b.root },
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
