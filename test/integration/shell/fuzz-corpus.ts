import { channels, contract, type Channel } from '../../../shared/contract';

/**
 * The fuzz corpus for every channel: payloads shaped by each channel's own request keys, with path-like
 * values in every string field, deep nesting, and valid-looking configs. Channels that connect (latency,
 * TLS inspect, checks, provisioning, re-check) must only ever reach this machine, so the generator pins
 * every endpoint-like field to 127.0.0.0/8 and path-style addressing, and keys always come from the
 * (private, empty) keychain, never from the AWS credential chain. assertLoopbackOnly checks it again.
 */
export const fuzzMarker = 'SECRET-d41d8cd98f';

export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pathLike = [
  '../../../../etc/passwd', '/etc/shadow', '/dev/zero', '/proc/self/environ', '..\\..\\Windows\\win.ini', 'C:\\Windows\\System32',
  '\\\\server\\share\\x', 'file:///etc/passwd', '/tmp/../../root/.ssh/id_rsa', './', '.', '..', '~/.aws/credentials', 'a/../../b',
  '%2e%2e%2f%2e%2e%2f', 'x\u0000y', '/', '', ' ', 'prod', '@wizard-draft', 'prod/registry', 'CON', 'profiles/../wizard-state',
];
const loopbackUrls = ['http://127.0.0.1:9', 'https://127.0.0.1:1', 'http://127.3.4.5:9/', 'https://127.255.255.254:9', 'http://127.0.0.1:9/../../x'];
const loopbackHosts = ['127.0.0.1', '127.0.0.2', '127.9.9.9'];
const ENDPOINT_KEYS = new Set(['regionendpoint', 'endpoint', 'iamEndpoint', 'stsEndpoint']);

/** Where a 5,000-deep value goes: spliced into the JSON text (JSON.stringify itself would recurse that deep). */
const DEEP = '__DEEP_5000__';
/** JSON text nested `depth` levels deep, objects and arrays alternating (a recursion bomb for recursive validators). */
export function deepJson(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '[' : '{"k":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}"bottom"${close}`;
}

function anyValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 7 : 10));
  const one = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return one([0, -1, 1, 9, 1e308, 2 ** 53 + 1, 5 * 1024 * 1024, Math.floor(random() * 1e6)]);
    case 3: return `${fuzzMarker}${'x'.repeat(Math.floor(random() * 40))}`;
    case 4: case 5: return one(pathLike);
    case 6: return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(random() * 20) }, () => 0x20 + Math.floor(random() * 0xd000)));
    case 7: return Array.from({ length: Math.floor(random() * 4) }, () => anyValue(random, depth + 1));
    case 8: return random() < 0.3 ? DEEP : { [one(pathLike)]: anyValue(random, depth + 1) };
    default: return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [one(pathLike), anyValue(random, depth + 1)]));
  }
}

function config(random: () => number): Record<string, unknown> {
  const one = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const base: Record<string, unknown> = { provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-fuzz', regionendpoint: one(loopbackUrls), forcepathstyle: true, secure: false };
  // Path-like values in every string field, one or two at a time, so the rest of the config stays valid.
  for (const key of ['region', 'bucket', 'rootdirectory', 'keyid', 'ca', 'storageclass', 'objectacl']) if (random() < 0.15) base[key] = one(pathLike);
  if (random() < 0.1) base.chunksize = anyValue(random, 3);
  return base;
}

/** A value for a field, by the field's name (so shapes look real), else anything. */
function valueFor(key: string, random: () => number, depth: number): unknown {
  const one = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  if (random() < 0.2) return anyValue(random, depth);
  switch (key) {
    case 'config': case 'storage': return config(random);
    case 'profile': return { name: one(['fuzz', 'prod', ...pathLike]), storage: config(random), ...(random() < 0.3 ? { provisioningJournal: anyValue(random, depth + 1) } : {}) };
    case 'values': return { config: config(random), dtrUrl: one(pathLike), exportedTo: one(pathLike) };
    case 'credentials': return { accessKeyId: 'AKIAFUZZ', secretAccessKey: fuzzMarker };
    case 'name': case 'owner': case 'profileName': return one(['fuzz', 'prod', '@wizard-draft', ...pathLike]);
    case 'path': case 'fileName': case 'defaultName': case 'json': case 'text': case 'step': return one(pathLike);
    case 'port': return one([1, 9]);
    case 'timeoutMs': return 100;
    default: return anyValue(random, depth);
  }
}

/** Pin everything that could make a handler connect to this machine (see the file comment). Walks every level. */
export function pinToLoopback(value: unknown, random: () => number, depth = 0): unknown {
  if (depth > 40 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => pinToLoopback(v, random, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = pinToLoopback(child, random, depth + 1);
  for (const key of Object.keys(out)) if (ENDPOINT_KEYS.has(key)) out[key] = loopbackUrls[Math.floor(random() * loopbackUrls.length)];
  if ('host' in out) out.host = loopbackHosts[Math.floor(random() * loopbackHosts.length)];
  if ('provider' in out) out.provider = 's3-compatible';
  if ('provider' in out || 'bucket' in out) Object.assign(out, { forcepathstyle: true, regionendpoint: out.regionendpoint ?? loopbackUrls[0] });
  for (const key of ['keySource']) if (key in out) out[key] = 'keychain';
  delete out.awsProfile;
  return out;
}

const isLoopbackUrl = (text: unknown) => typeof text === 'string' && /^https?:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?(\/|$)/.test(text);

/** Every endpoint-like field at every level names 127.0.0.0/8; returns the offending paths (none expected). */
export function offLoopbackFields(value: unknown, path = '', depth = 0): string[] {
  if (depth > 40 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => offLoopbackFields(v, `${path}[${i}]`, depth + 1));
  const record = value as Record<string, unknown>;
  const bad: string[] = [];
  for (const [key, child] of Object.entries(record)) {
    const here = `${path}.${key}`;
    if (ENDPOINT_KEYS.has(key) && !isLoopbackUrl(child)) bad.push(here);
    if (key === 'host' && !(typeof child === 'string' && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(child))) bad.push(here);
    if (key === 'provider' && child !== 's3-compatible') bad.push(here);
    if (key === 'keySource' && child !== 'keychain') bad.push(here);
    if (key === 'awsProfile') bad.push(here);
    bad.push(...offLoopbackFields(child, here, depth + 1));
  }
  if (('provider' in record || 'bucket' in record) && (record.forcepathstyle !== true || !isLoopbackUrl(record.regionendpoint))) bad.push(`${path} (config not pinned)`);
  return bad;
}

/** `perChannel` payloads for every channel, as the JSON bodies the harness will parse. */
export function buildCorpus(seed: number, perChannel: number): { channel: Channel; body: string }[] {
  const random = rng(seed);
  const cases: { channel: Channel; body: string }[] = [];
  for (const channel of channels) {
    const shape = (contract[channel].request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    const keys = Object.keys(shape);
    for (let i = 0; i < perChannel; i++) {
      let payload: unknown;
      if (i % 40 === 39) payload = DEEP;
      else {
        const record: Record<string, unknown> = {};
        for (const key of keys) if (random() < 0.8) record[key] = valueFor(key, random, 1);
        if (random() < 0.1) record[pathLike[Math.floor(random() * pathLike.length)]!] = anyValue(random, 1);
        payload = record;
      }
      cases.push({ channel, body: JSON.stringify(pinToLoopback(payload, random)).replaceAll(`"${DEEP}"`, deepJson(5_000)) });
    }
  }
  return cases;
}
