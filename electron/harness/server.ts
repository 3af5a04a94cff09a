import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appEventSchema, transportErrorCodes, type AppEvent, type ProgressEvent } from '../../shared/contract';
import { contentSecurityPolicy } from '../../shared/csp';
import { createApiEndpoint } from '../ipc/endpoint';
import type { HandlerDeps, HandlerTable } from '../ipc/handler-table';
import { createGuard } from './http-guard';
import { createProfileServices, type ProfileServices } from '../services/profiles';
import { readStatic } from '../services/static-files';

export interface HarnessOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Build another table (tests) from the harness's operations and native integration. */
  handlers?: (deps: HandlerDeps) => HandlerTable;
  native?: HandlerDeps['native'];
  /** Makes the harness's own profile services on first use (default: on the app data directory); close() disposes them. */
  createProfiles?: () => ProfileServices;
  /** Defaults: <repo>/out/renderer and <repo>/out/main/harness-shim.js (both made by `npm run build`). */
  rendererDir?: string;
  shimPath?: string;
}

export interface RunningHarness {
  url: string;
  token: string;
  port: number;
  /** Send an app event (e.g. a menu command) to every connected page. */
  broadcast(event: AppEvent): void;
  close(): Promise<void>;
}

const maxBodyBytes = 2 * 1024 * 1024;
/** One user, a few tabs: more open event streams than this is a leak or abuse. */
const maxStreams = 32;

/** The shim must define window.dtrApi before the app's module script runs: module scripts run in document order, so it goes in right before it. */
export const shimUrl = '/__harness/shim.js';

export function injectShim(html: string): string {
  const tag = `<script type="module" src="${shimUrl}"></script>`;
  const at = html.indexOf('<script');
  return at >= 0 ? `${html.slice(0, at)}${tag}\n    ${html.slice(at)}` : html.replace('</head>', `  ${tag}\n  </head>`);
}

/** The repository root: the first ancestor with a package.json (this file runs from source and from out/main). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

/** The body as text, or undefined when it exceeds maxBodyBytes (the rest is drained, not buffered). */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The browser-mode harness: serves the built renderer on 127.0.0.1 with a shim that implements
 * window.dtrApi over `POST /api/<channel>` (Bearer token) and server-sent events (`GET /api/events`),
 * ending in the same handler table as Electron main. Development and e2e only; never packaged.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<RunningHarness> {
  const root = repoRoot();
  const rendererDir = options.rendererDir ?? join(root, 'out', 'renderer');
  const shimPath = options.shimPath ?? join(root, 'out', 'main', 'harness-shim.js');
  const token = randomBytes(24).toString('base64url');
  // Each harness owns its profile services (not the process's shared ones), so a debounced wizard save
  // can never outlive the harness that received it and land in the next one's session.
  let owned: ProfileServices | undefined;
  const profiles = (): ProfileServices => (owned ??= (options.createProfiles ?? createProfileServices)());
  const endpoint = createApiEndpoint({ createTable: options.handlers, native: options.native, profiles });
  const streams = new Set<ServerResponse>();
  const pushEvent = (name: 'progress' | 'app', data: ProgressEvent | AppEvent): void => {
    for (const stream of streams) stream.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let guard = createGuard(-1, token);

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const isEventStream = url.pathname === '/api/events' && request.method === 'GET';
    if (!guard.hasToken(request, url, isEventStream)) return send(response, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong harness token.' } });
    if (isEventStream) {
      if (streams.size >= maxStreams) return send(response, 429, { ok: false, error: { code: 'TOO_MANY_STREAMS', message: 'Too many open event streams.' } });
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (request.method !== 'POST') return send(response, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST.' } });
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
      return send(response, 415, { ok: false, error: { code: transportErrorCodes.invalidRequest, message: 'Content-Type must be application/json.' } });
    }
    const text = await readBody(request);
    if (text === undefined) return send(response, 413, { ok: false, error: { code: transportErrorCodes.invalidRequest, message: 'The request body is too large.' } });
    let payload: unknown;
    try {
      payload = text === '' ? undefined : JSON.parse(text);
    } catch {
      return send(response, 400, { ok: false, error: { code: transportErrorCodes.invalidRequest, message: 'The request body is not valid JSON.' } });
    }
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      channel = '';
    }
    const outcome = await endpoint.call(channel, payload, {
      operationId: request.headers['x-operation-id'],
      emitProgress: (event) => pushEvent('progress', event),
    });
    const status = outcome.ok ? 200 : outcome.error.code === transportErrorCodes.invalidRequest ? 400 : outcome.error.code === transportErrorCodes.unknownChannel ? 404 : 200;
    send(response, status, outcome);
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET.' } });
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (url.pathname === shimUrl) {
      const shim = await readFile(shimPath).catch(() => undefined);
      if (!shim) return send(response, 503, { ok: false, error: { code: 'NOT_BUILT', message: 'The harness shim is not built.', fix: 'Run npm run build.' } });
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
      return void response.end(shim);
    }
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) {
      const built = existsSync(join(rendererDir, 'index.html'));
      return send(response, built ? 404 : 503, built
        ? { ok: false, error: { code: 'NOT_FOUND', message: 'No such file.' } }
        : { ok: false, error: { code: 'NOT_BUILT', message: 'The renderer is not built.', fix: 'Run npm run build.' } });
    }
    const body = file.type.startsWith('text/html') ? Buffer.from(injectShim(file.body.toString('utf8'))) : file.body;
    response.writeHead(200, { ...headers, 'Content-Type': file.type });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    const forbidden = guard.foreignOrigin(request);
    if (forbidden) return send(response, 403, { ok: false, error: { code: 'FORBIDDEN', message: `Refused: ${forbidden}.` } });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith('/api/') ? serveApi(request, response, url) : serveStatic(request, response, url);
    work.catch((error: unknown) => {
      console.error('[harness] request failed:', error);
      if (!response.headersSent) send(response, 500, { ok: false, error: { code: transportErrorCodes.internal, message: 'The harness failed to answer.' } });
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  guard = createGuard(port, token);
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    broadcast: (event) => pushEvent('app', appEventSchema.parse(event)),
    close: async () => {
      clearInterval(heartbeat);
      endpoint.operations.cancelAll();
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // After the server: no request can save any more; what was saved is written now.
      owned?.wizard.dispose();
    },
  };
}
