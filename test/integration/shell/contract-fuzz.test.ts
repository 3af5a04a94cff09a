import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channels, contract } from '../../../shared/contract';
import { startHarness, type RunningHarness } from '../../../electron/harness/server';
import { createProfileServices } from '../../../electron/services/profiles';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { buildCorpus, deepJson, fuzzMarker, offLoopbackFields } from './fuzz-corpus';
import { callApi } from './harness-http';

// Contract fuzzing through the harness: random and malformed payloads on every channel must each come
// back as INVALID_REQUEST (as data, no stack, no echo of the value), and the server must keep answering.

/** Seeded so a failure can be replayed (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const marker = 'SECRET-d41d8cd98f';
const keyNames = ['text', 'path', 'operationId', 'defaultName', 'extensions', 'config', 'name', '__proto__', 'constructor', ''];

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return [0, -1, 1e308, -1e-308, 2 ** 53 + 1, Math.floor(random() * 1e6)][Math.floor(random() * 6)];
    case 3: return `${marker}${'x'.repeat(Math.floor(random() * 40))}`;
    case 4: return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * 0xd7ff)));
    case 5: return random() < 0.5 ? '' : 'a'.repeat(70_000 + Math.floor(random() * 2000));
    case 6: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) {
        object[keyNames[Math.floor(random() * keyNames.length)] ?? 'k'] = randomValue(random, depth + 1);
      }
      return object;
    }
  }
}

describe('contract fuzzing through the harness', () => {
  let harness: RunningHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('rejects >= 1000 invalid payloads across every channel with a validation error, and keeps serving', async () => {
    const random = rng(20261123);
    const perChannel = Math.max(200, Math.ceil(1200 / channels.length));
    const cases: { channel: string; body: string }[] = [];
    for (const channel of channels) {
      const schema = contract[channel].request;
      let made = 0;
      for (let attempt = 0; made < perChannel && attempt < perChannel * 5; attempt++) {
        // Every tenth body is not JSON at all; the rest are JSON as the server will parse it (so a
        // "__proto__" key is an own property there, as in an attack).
        const body = attempt % 10 === 9 ? '{"unterminated": ' : JSON.stringify(randomValue(random)) ?? 'null';
        // Only payloads the contract itself rejects count: a random value may happen to be valid.
        if (attempt % 10 !== 9 && schema.safeParse(JSON.parse(body)).success) continue;
        cases.push({ channel, body });
        made++;
      }
      expect(made, channel).toBe(perChannel);
    }
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    console.log(`contract fuzzing: ${cases.length} invalid payloads across ${channels.length} channels`);

    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 16) {
      const batch = cases.slice(i, i + 16);
      const answers = await Promise.all(batch.map((c) => callApi(harness.port, harness.token, c.channel, c.body)));
      answers.forEach((answer, j) => {
        const sent = batch[j];
        const outcome = answer.json() as { ok: boolean; error?: { code: string; message: string } };
        if (answer.status !== 400 || outcome.ok !== false || outcome.error?.code !== 'INVALID_REQUEST') {
          failures.push(`${sent?.channel} ${sent?.body.slice(0, 80)} → ${answer.status} ${answer.body.slice(0, 120)}`);
        }
        if (/stack|\bat .+:\d+:\d+/.test(answer.body) || answer.body.includes(marker)) {
          failures.push(`${sent?.channel}: error leaks a stack or the payload: ${answer.body.slice(0, 160)}`);
        }
      });
    }
    expect(failures.slice(0, 5)).toEqual([]);

    const alive = await callApi(harness.port, harness.token, 'app.info', '{}');
    expect(alive.status).toBe(200);
    expect(alive.json()).toMatchObject({ ok: true, value: { version: expect.any(String) } });
  });

  it('answers unknown channels and non-JSON bodies with errors as data', async () => {
    const unknown = await callApi(harness.port, harness.token, 'no.such.channel', '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const notJson = await callApi(harness.port, harness.token, 'app.info', 'not json');
    expect(notJson.json()).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const proto = await callApi(harness.port, harness.token, '__proto__', '{}');
    expect(proto.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });
});

// Issue 14: 5,000+ payloads shaped like each channel's requests (valid ones included, so handlers run),
// with path-like values in every string field and 5,000-deep nesting. Every answer is {ok, value} or
// {ok: false, error: {code, message}}: no INTERNAL, no stack, no echo. The harness works on a private data
// directory and keychain service; every endpoint in the corpus is on 127.0.0.0/8 (checked below).
describe('schema-shaped fuzzing of every channel', () => {
  let harness: RunningHarness;
  const dataDir = mkdtempSync(join(tmpdir(), 'dtr-s3-fuzz-'));
  const secrets = createSecretStore({ service: `dtr-s3-test-fuzz-${process.pid}`, timeoutMs: 5_000 });
  beforeAll(async () => {
    process.env.DBUS_SESSION_BUS_ADDRESS = inject('dbusAddress');
    harness = await startHarness({ createProfiles: () => createProfileServices({ dataDir, secrets, debounceMs: 5 }) });
  });
  afterAll(async () => {
    await harness?.close();
    for (const entry of await secrets.list().catch(() => [])) await secrets.delete(entry.owner, entry.role);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers >= 5000 payloads across all channels with {ok} or {code, message}, only ever on loopback', async () => {
    const cases = buildCorpus(20261130, Math.ceil(5_100 / channels.length));
    expect(cases.length).toBeGreaterThanOrEqual(5_000);
    expect(new Set(cases.map((c) => c.channel)).size).toBe(channels.length);
    // The generator pins endpoints to loopback; this checks every generated payload independently.
    // (Deep values are checked only to 40 levels: the dispatcher refuses anything deeper than 32 before a handler runs.)
    const offLoopback = cases.flatMap((c) => offLoopbackFields(JSON.parse(c.body)).map((p) => `${c.channel}${p}`));
    expect(offLoopback.slice(0, 5)).toEqual([]);

    const failures: string[] = [];
    const tally = { ok: 0, error: 0, deepRefused: 0 };
    for (let i = 0; i < cases.length; i += 16) {
      const batch = cases.slice(i, i + 16);
      const answers = await Promise.all(batch.map((c) => callApi(harness.port, harness.token, c.channel, c.body)));
      answers.forEach((answer, j) => {
        const sent = batch[j]!;
        const where = `${sent.channel} ${sent.body.slice(0, 100)}`;
        let outcome: { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
        try {
          outcome = answer.json() as typeof outcome;
        } catch {
          failures.push(`${where} → not JSON: ${answer.body.slice(0, 100)}`);
          return;
        }
        const isOk = outcome.ok === true && 'value' in outcome;
        const isError = outcome.ok === false && typeof outcome.error?.code === 'string' && typeof outcome.error.message === 'string';
        if (!isOk && !isError) failures.push(`${where} → neither {ok} nor {code, message}: ${answer.body.slice(0, 120)}`);
        if (isError && (outcome.error?.code === 'INTERNAL' || answer.status >= 500)) failures.push(`${where} → ${answer.status} ${answer.body.slice(0, 160)}`);
        if (/\bat .+:\d+:\d+|"stack"/.test(answer.body) || answer.body.includes(fuzzMarker)) failures.push(`${where} → leaks a stack or the payload`);
        if (sent.body.includes(deepJson(40))) {
          if (outcome.error?.code === 'INVALID_REQUEST') tally.deepRefused++;
          else failures.push(`${where} → a 5,000-deep payload was not refused as INVALID_REQUEST`);
        }
        if (isOk) tally.ok++;
        else tally.error++;
      });
    }
    console.log(`schema-shaped fuzzing: ${cases.length} payloads on ${channels.length} channels: ${tally.ok} ok, ${tally.error} errors as data, ${tally.deepRefused} deep payloads refused`);
    expect(failures.slice(0, 8)).toEqual([]);
    expect(tally.ok).toBeGreaterThan(0);
    expect(tally.deepRefused).toBeGreaterThan(0);
    expect((await callApi(harness.port, harness.token, 'app.info', '{}')).status).toBe(200);
  }, 600_000);
});
