// Cold start of the BUILT browser harness (`node out/main/harness.js`, what `npm run web` runs): from the
// spawn to the first page served (the URL printed, then its HTML fetched), median of N runs (default 5),
// wall clock and CPU time (user+sys) of the harness process until then. The Electron main process loads
// the same handler table before its window can appear, so this is the share of the window's delay our
// own modules cost. Needs `npm run build`. Usage: node bench/harness-start.mjs [runs=5]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './lib/median.mjs';

const runs = Math.min(Math.max(Number(process.argv[2] ?? 5), 1), 50);
const harness = join(process.cwd(), 'out', 'main', 'harness.js');
const dir = mkdtempSync(join(tmpdir(), 'bench-harness-start-'));
const env = { PATH: process.env.PATH ?? '', HOME: dir, DTR_S3_ASSISTANT_DATA_DIR: join(dir, 'data') };

/** The harness's own CPU time so far, from /proc (Linux), in ms. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

function once() {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [harness, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error('the harness printed no URL within 60 s'));
    }, 60_000);
    let out = '';
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(out)?.[1];
      if (!url) return;
      child.stdout.removeAllListeners('data');
      const response = await fetch(url);
      await response.text();
      const wall = performance.now() - t0;
      const cpu = cpuMs(child.pid);
      clearTimeout(timer);
      child.once('exit', () => done({ wall, cpu, status: response.status }));
      child.kill('SIGTERM');
    });
  });
}

const samples = [];
try {
  await once(); // warm the file cache, not measured
  for (let i = 0; i < runs; i++) samples.push(await once());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (samples.some((s) => s.status !== 200)) throw new Error(`the page answered ${samples.map((s) => s.status).join(', ')}`);
const fmt = (key) => `${median(samples.map((s) => s[key])).toFixed(0)} ms`;
console.log(`harness cold start → first page served, median of ${runs}: wall ${fmt('wall')}, CPU ${fmt('cpu')}`);
