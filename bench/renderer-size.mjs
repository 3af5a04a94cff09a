// The renderer's initial JS, gzip: what the browser must load before the wizard's first step is usable.
// Run after `npm run build`:  node bench/renderer-size.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(process.cwd(), 'out', 'renderer');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** A chunk and everything it imports statically (modulepreload-style), transitively. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dir, file), 'utf8');
  for (const [, spec] of code.matchAll(/(?:import|from)\s*["'](\.\/[^"']+\.js)["']/g)) {
    closure(join(file, '..', spec).replace(/\\/g, '/'), seen);
  }
  return seen;
}

const entries = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g), ...html.matchAll(/<link rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
const initial = new Set(entries.flatMap((entry) => [...closure(entry)]));
const assets = readdirSync(join(dir, 'assets'));
const target = assets.find((f) => /^TargetStep-.*\.js$/.test(f));
const firstStep = new Set([...initial, ...(target ? closure(`assets/${target}`) : [])]);
const all = assets.filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
const sum = (files) => [...files].reduce((total, f) => total + gz(f), 0);

console.log(`entry (index.html scripts + static imports): ${[...initial].join(', ')}`);
console.log(`renderer initial JS, gzip:                       ${kb(sum(initial))}`);
console.log(target
  ? `  + the first step's lazy chunk (Target), gzip:  ${kb(sum(firstStep))}  (budget 250 KB)`
  : '  (the first step, Target, is part of the entry; budget 250 KB)');
console.log(`all renderer JS, gzip (every step loaded):       ${kb(sum(all))}`);
for (const f of all.sort((a, b) => gz(b) - gz(a)).slice(0, 5)) console.log(`  ${f.padEnd(40)} ${kb(gz(f))}`);
