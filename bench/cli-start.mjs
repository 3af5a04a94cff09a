// Start-up time of the BUILT CLI's offline commands against bare `node -e 0`: median of N runs each
// (default 5), wall clock of the whole process, side by side with the ratio. Needs `npm run build`.
// The goal (issue 17): --version, --help, policy and render within 1.5× bare node.
// Usage: node bench/cli-start.mjs [runs=5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './lib/median.mjs';

const runs = Math.min(Math.max(Number(process.argv[2] ?? 5), 1), 50);
const bin = join(process.cwd(), 'bin', 'dtr-s3-assistant.js');
const dir = mkdtempSync(join(tmpdir(), 'bench-cli-start-'));
const config = join(dir, 'storage.json');
writeFileSync(config, JSON.stringify({ provider: 's3-compatible', bucket: 'bench-bucket', region: 'us-east-1', regionendpoint: 'https://127.0.0.1:9000' }));
// A private data directory (no real user's abandoned exports or profiles) and no keys in the environment.
const env = { PATH: process.env.PATH ?? '', HOME: dir, DTR_S3_ASSISTANT_DATA_DIR: join(dir, 'data') };

const cases = [
  ['node -e 0', ['-e', '0']],
  ['--version', [bin, '--version']],
  ['--help', [bin, '--help']],
  ['policy', [bin, 'policy', '--bucket', 'bench-bucket', '--root-dir', '/dtr']],
  ['render', [bin, 'render', '--config', config, '--format', 'registry-yaml']],
  ['render dtr', [bin, 'render', '--config', config, '--format', 'dtr-json']],
];

// CPU time (user + sys, from GNU time) is printed beside the wall clock: on a machine shared with other
// work the wall clock mostly measures the queue for a core, the CPU time what starting actually costs.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function once(args) {
  const [file, argv] = gnuTime ? [gnuTime, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
  const t0 = process.hrtime.bigint();
  const result = spawnSync(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(-400)}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(String(result.stderr));
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

const results = [];
try {
  for (const [, args] of cases) once(args); // warm the file cache once, not measured
  // Interleaved rounds, so a burst of load on this shared machine hits every case alike.
  const times = cases.map(() => []);
  for (let round = 0; round < runs; round++) cases.forEach(([, args], i) => times[i].push(once(args)));
  cases.forEach(([name], i) => results.push({ name, wall: median(times[i].map((t) => t.wall)), cpu: median(times[i].map((t) => t.cpu)) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const [base] = results;
console.log(`CLI start-up, median of ${runs} (node ${process.version}); wall clock, and CPU time (user+sys)${gnuTime ? '' : ' unavailable: no /usr/bin/time'}:`);
for (const { name, wall, cpu } of results) {
  const ratio = wall / base.wall;
  const cpuRatio = cpu / base.cpu;
  const verdict = name === 'node -e 0' ? '' : ratio <= 1.5 ? '  ok (≤ 1.5×)' : '  OVER 1.5×';
  console.log(`  ${name.padEnd(11)} wall ${wall.toFixed(0).padStart(5)} ms ${ratio.toFixed(2)}×   cpu ${cpu.toFixed(0).padStart(5)} ms ${cpuRatio.toFixed(2)}×${verdict}`);
}
