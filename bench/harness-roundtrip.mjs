// Harness figures: time from `node out/main/harness.js` to its printed URL, and app.info round trips
// over HTTP (the path every wizard call takes in the browser). Needs `npm run build`.
// Usage: node bench/harness-roundtrip.mjs [calls=500]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const calls = Math.min(Number(process.argv[2] ?? 500), 10_000);
const started = performance.now();
const child = spawn(process.execPath, ['out/main/harness.js', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no URL within 15 s')), 15_000);
  createInterface({ input: child.stdout }).once('line', (line) => {
    clearTimeout(timer);
    resolve(new URL(line.trim()));
  });
});
const startupMs = performance.now() - started;
const token = new URLSearchParams(url.hash.slice(1)).get('token');
const call = async () => {
  const t = performance.now();
  const response = await fetch(`${url.origin}/api/app.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  const outcome = await response.json();
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return performance.now() - t;
};
try {
  for (let i = 0; i < 20; i++) await call(); // warm-up
  const times = [];
  for (let i = 0; i < calls; i++) times.push(await call());
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
  console.log(`harness startup to URL: ${startupMs.toFixed(0)} ms`);
  console.log(`app.info round trip over HTTP (${calls} sequential calls): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times.at(-1).toFixed(2)} ms`);
} finally {
  child.kill('SIGTERM');
}
