import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Some keychain behaviour can only be seen in a fresh process: libsecret keeps its D-Bus connection for
 * the life of a process, so "no session bus" or "another bus" needs a child. The child runs the real
 * services, bundled from TypeScript by Vite (dependencies stay external, resolved from node_modules).
 */
export async function buildChild(entry: string): Promise<{ script: string; remove(): void }> {
  const outDir = join(root, 'node_modules', '.cache', 'dtr-s3-test-children', randomBytes(6).toString('hex'));
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'child.mjs' } },
    },
  });
  return { script: join(outDir, 'child.mjs'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the child with exactly `env` (plus PATH), bounded by `timeoutMs`. */
export function runChild(script: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** The last JSON line the child printed. */
export function lastJson<T>(run: ChildRun): T {
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`child printed no JSON (code ${run.code}, signal ${run.signal}): ${run.stderr.slice(0, 500)}`);
  return JSON.parse(line) as T;
}
