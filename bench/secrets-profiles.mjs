#!/usr/bin/env node
// bench/secrets-profiles: keychain and profile figures against a private gnome-keyring (started and
// stopped here, like the integration suite's): keytar set/get/delete/list latency, the cost of the
// locked-keychain guard on a "not found" answer, wizard-state saves as the user types (call cost and how
// many writes reach the disk), and profile save/get/list. Usage: node bench/secrets-profiles.mjs [--n 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiti } from 'jiti';
import { fmt, median } from './lib/median.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const N = Math.min(arg('--n', 50), 1000);

const jiti = createJiti(import.meta.url);
const { startKeyring } = await jiti.import('../test/services/keyring.ts');
const keyring = await startKeyring();
process.env.DBUS_SESSION_BUS_ADDRESS = keyring.dbusAddress;
const { createSecretStore } = await jiti.import('../electron/services/secrets/secret-store.ts');
const { createProfileServices } = await jiti.import('../electron/services/profiles/index.ts');
const { JsonDocumentFile } = await jiti.import('../electron/services/profiles/json-file.ts');

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))];
const line = (label, xs) => console.log(`${label.padEnd(52)} median ${fmt(median(xs))}  p95 ${fmt(p95(xs))}  (n=${xs.length})`);
async function timed(fn) { const t = performance.now(); await fn(); return performance.now() - t; }

const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-bench-profiles-'));
try {
  const secrets = createSecretStore({ service: `dtr-s3-bench-${process.pid}` });
  await secrets.set('warm', 'setup', 'x'); // first call loads keytar and opens the D-Bus connection
  const set = [], get = [], del = [], missing = [];
  for (let i = 0; i < N; i++) {
    set.push(await timed(() => secrets.set(`p${i}`, 'registry', `secret-${i}`)));
    get.push(await timed(() => secrets.get(`p${i}`, 'registry')));
  }
  const list = [];
  for (let i = 0; i < 10; i++) list.push(await timed(() => secrets.list()));
  for (let i = 0; i < N; i++) del.push(await timed(() => secrets.delete(`p${i}`, 'registry')));
  for (let i = 0; i < N; i++) missing.push(await timed(() => secrets.get(`absent${i}`, 'registry')));
  await secrets.deleteOwner('warm');
  line('keychain set (gnome-keyring over D-Bus)', set);
  line('keychain get (found)', get);
  line('keychain delete (found)', del);
  line(`keychain list (${N + 1} entries, incl. lock check)`, list);
  line('keychain get (not found: includes the lock check)', missing);

  // Wizard state: 200 keystrokes 30 ms apart with a 300 ms debounce; count the writes that reach the disk.
  let writes = 0;
  const write = JsonDocumentFile.prototype.write;
  JsonDocumentFile.prototype.write = function counted(document) { writes++; return write.call(this, document); };
  const services = createProfileServices({ dataDir, secrets, debounceMs: 300, maxWaitMs: 1000 });
  const saveCost = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    services.wizard.save({ step: 'bucket', values: { provider: 's3-compatible', bucket: `dtr-${'x'.repeat(i % 60)}`, region: 'us-east-1', regionendpoint: 'https://rgw.lab:7480' } });
    saveCost.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 30));
  }
  await new Promise((r) => setTimeout(r, 400));
  line('wizard.save() call while typing (validate + schedule)', saveCost);
  console.log(`${'wizard-state writes for 200 keystrokes 30 ms apart'.padEnd(52)} ${writes} (debounce 300 ms, at least one write per 1 s of typing)`);
  const flush = [];
  for (let i = 0; i < 50; i++) {
    services.wizard.save({ step: 'iam', values: { n: i } });
    flush.push(await timed(() => services.wizard.flush()));
  }
  line('wizard-state atomic write (flush)', flush);
  JsonDocumentFile.prototype.write = write;

  const saveProfile = [], getProfile = [];
  for (let i = 0; i < 100; i++) {
    const storage = { provider: 'aws', region: 'eu-west-1', bucket: `dtr-bench-${i}` };
    saveProfile.push(await timed(() => services.profiles.save({ name: `bench-${i}`, storage }, i % 2 ? {} : { registry: { accessKeyId: 'AKIA', secretAccessKey: `s${i}` } })));
    getProfile.push(await timed(() => services.profiles.get(`bench-${i}`)));
  }
  const listing = [];
  for (let i = 0; i < 10; i++) listing.push(await timed(() => services.profiles.list()));
  line('profile save (half with a keychain write)', saveProfile);
  line('profile get (read + migrate + validate)', getProfile);
  line('profile list (100 profiles)', listing);
  for (let i = 0; i < 100; i++) await services.profiles.delete(`bench-${i}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await keyring.stop();
}
