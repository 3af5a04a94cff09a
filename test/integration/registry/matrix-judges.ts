import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { runCheck } from '../../../electron/cli/commands/check';
import type { BundleContent } from '../../../electron/services/export/bundle-content';
import type { StorageCredentials } from '../../../shared/storage-config';
import { bundlePaths } from '../../../shared/trust/cert-layout';
import { scrubbedEnv, startRegistry, type RunningRegistry } from '../../services/registry';
import type { RegistryStage } from './matrix-cases';

const run = promisify(execFile);

/** What `check --config FILE --json` decided: exit 0 = pass; the failing probes (or validation errors) with their codes. */
export interface CheckVerdict {
  passed: boolean;
  exitCode: number;
  /** `probe:CODE` for each failed probe, or `validation:CODE` when the config was refused before any probe. */
  failures: string[];
}

export interface RegistryVerdict {
  passed: boolean;
  /** The first stage that failed (the later ones are not run). */
  failedAt?: RegistryStage;
  stages: Partial<Record<RegistryStage, 'ok' | 'fail'>>;
  /** skopeo's output and the registry's log lines of the failed stage. */
  evidence: string;
}

/** Write the bundle's files under `dir` (what `export` would write), returning `dir`. */
export function writeBundleFiles(dir: string, bundle: BundleContent): string {
  for (const file of bundle.files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: file.secret ? 0o600 : 0o644 });
  }
  return dir;
}

/** The CLI's own `check --config FILE --json` code path, in process, with the keys in its environment. */
export async function judgeByCheck(bundle: BundleContent, configPath: string, keys: StorageCredentials): Promise<CheckVerdict> {
  writeFileSync(configPath, JSON.stringify(bundle.effectiveConfig, null, 2));
  let stdout = '';
  let stderr = '';
  // Generous timeouts: the verdict is about what the server allows, and this machine is shared and
  // loaded (at load average 20+ a probe took more than the default 10 s).
  const exitCode = await runCheck(
    { config: configPath, json: true, probeTimeout: 60_000, deadline: 120_000 },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DTR_S3_ACCESS_KEY: keys.accessKeyId, DTR_S3_SECRET_KEY: keys.secretAccessKey } },
  );
  if (exitCode === 2) {
    const codes = [...stderr.matchAll(/^error: (?:\[[^\]]*\] )?([A-Z0-9_]+):/gm)].map((m) => `validation:${m[1]}`);
    return { passed: false, exitCode, failures: codes.length ? codes : ['validation:UNKNOWN'] };
  }
  const summary = JSON.parse(stdout) as { probes: { id: string; status: string; diagnosis?: { code: string } }[] };
  const failures = summary.probes.filter((p) => p.status === 'fail').map((p) => `${p.id}:${p.diagnosis?.code ?? '?'}`);
  if (exitCode !== 0 && failures.length === 0) failures.push('cleanup:LEFTOVERS');
  return { passed: exitCode === 0, exitCode, failures };
}

export interface RegistryJudgeInput {
  name: string;
  dir: string;
  bundleDir: string;
  bundle: BundleContent;
  keys: StorageCredentials;
  addr: string;
  tls: { certPath: string; keyPath: string; caPem: string };
  /** An OCI layout with tag "latest" to push. */
  image: string;
}

function skopeo(home: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return run('skopeo', ['--insecure-policy', ...args], { env: scrubbedEnv(home), timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, out: `${error.stdout ?? ''}${error.stderr ?? error.message}` }),
  );
}

/**
 * The real registry's judgement: start Debian's docker-registry 2.8 from the bundle's
 * registry-config.yml (keys from the environment, as the YAML's comment says; the storage CA through
 * SSL_CERT_FILE when the bundle carries one; manifest deletes enabled), then a skopeo push (trusting
 * the registry's CA only), a pull through the 307 with the client cert directory exactly as the bundle
 * lays it out, and a manifest delete. Nothing inherited from this machine's environment.
 */
export async function judgeByRegistry(input: RegistryJudgeInput): Promise<RegistryVerdict> {
  const { dir, bundleDir, bundle, addr } = input;
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const configPath = join(dir, 'registry.yml');
  writeFileSync(configPath, `version: 0.1\n${readFileSync(join(bundleDir, 'registry-config.yml'), 'utf8')}`);
  const storageCa = join(bundleDir, 'registry', 'storage-ca.crt');
  const stages: RegistryVerdict['stages'] = {};
  const failed = (stage: RegistryStage, evidence: string): RegistryVerdict => ({ passed: false, failedAt: stage, stages: { ...stages, [stage]: 'fail' }, evidence });
  let registry: RunningRegistry;
  try {
    registry = await startRegistry({
      configPath,
      dir,
      name: input.name,
      addr,
      tls: input.tls,
      env: {
        REGISTRY_STORAGE_S3_ACCESSKEY: input.keys.accessKeyId,
        REGISTRY_STORAGE_S3_SECRETKEY: input.keys.secretAccessKey,
        REGISTRY_STORAGE_DELETE_ENABLED: 'true',
        ...(existsSync(storageCa) ? { SSL_CERT_FILE: storageCa } : {}),
      },
    });
  } catch (error) {
    return failed('start', (error as Error).message);
  }
  stages.start = 'ok';
  try {
    const pushCerts = join(dir, 'push-certs');
    mkdirSync(pushCerts, { recursive: true });
    writeFileSync(join(pushCerts, 'ca.crt'), input.tls.caPem);
    const ref = `docker://${addr}/matrix/${input.name}:latest`;
    const certsDir = join(bundleDir, bundlePaths.certsDir(bundle.trust?.certsDir ?? ''));
    const pullTrust = bundle.trust?.mode === 'insecure-registry' ? ['--src-tls-verify=false'] : ['--src-cert-dir', certsDir];
    const steps: [RegistryStage, string[]][] = [
      ['push', ['copy', '--dest-cert-dir', pushCerts, `oci:${input.image}:latest`, ref]],
      ['pull', ['copy', ...pullTrust, ref, `oci:${join(dir, 'pulled')}:latest`]],
      ['delete', ['delete', '--cert-dir', pushCerts, ref]],
    ];
    for (const [stage, args] of steps) {
      const logBefore = registry.log().length;
      const result = await skopeo(home, args);
      if (!result.ok) return failed(stage, `${result.out.trim()}\n--- registry log ---\n${registry.log().slice(logBefore).slice(-4000)}`);
      stages[stage] = 'ok';
    }
    return { passed: true, stages, evidence: '' };
  } finally {
    await registry.stop();
  }
}
