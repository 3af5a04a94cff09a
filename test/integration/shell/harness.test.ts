import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { contentSecurityPolicy } from '../../../shared/csp';
import { startHarness, type RunningHarness } from '../../../electron/harness/server';
import { createHandlerTable } from '../../../electron/ipc/handler-table';
import { scriptedNativeIntegration } from '../../../electron/ipc/native';
import { callApi, httpCall } from './harness-http';

describe('browser harness: who may call it', () => {
  let harness: RunningHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('prints a 127.0.0.1 URL with a per-run token', async () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/#token=${harness.token}`);
    expect(harness.token.length).toBeGreaterThanOrEqual(32);
    const other = await startHarness();
    try {
      expect(other.token).not.toBe(harness.token);
    } finally {
      await other.close();
    }
  });

  it('answers 401 without the token or with a wrong one, 200 with it', async () => {
    const missing = await httpCall(harness.port, { method: 'POST', path: '/api/app.info', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // One character off (never the same character: a token ending in "x" would otherwise stay right).
    const wrongToken = `${harness.token.slice(0, -1)}${harness.token.endsWith('x') ? 'y' : 'x'}`;
    const wrong = await callApi(harness.port, wrongToken, 'app.info', '{}');
    expect(wrong.status).toBe(401);
    const shorter = await callApi(harness.port, harness.token.slice(1), 'app.info', '{}');
    expect(shorter.status).toBe(401);
    const events = await httpCall(harness.port, { path: '/api/events?token=nope' });
    expect(events.status).toBe(401);
    // The query-string token is for EventSource only; API calls need the header.
    const inQuery = await httpCall(harness.port, { method: 'POST', path: `/api/app.info?token=${harness.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(inQuery.status).toBe(401);
    const right = await callApi(harness.port, harness.token, 'app.info', '{}');
    expect(right.status).toBe(200);
    expect(right.json()).toMatchObject({ ok: true, value: { name: 'DTR S3 Storage Assistant' } });
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${harness.port}`, `127.0.0.1:${harness.port + 1}`]) {
      const answer = await callApi(harness.port, harness.token, 'app.info', '{}', { Host: host });
      expect(answer.status, host).toBe(403);
      const page = await httpCall(harness.port, { path: '/', headers: { Host: host } });
      expect(page.status, host).toBe(403);
    }
    const localhost = await callApi(harness.port, harness.token, 'app.info', '{}', { Host: `localhost:${harness.port}` });
    expect(localhost.status).toBe(200);
  });

  it('answers 403 to a foreign Origin header, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${harness.port + 1}`, `https://127.0.0.1:${harness.port}`, 'null']) {
      const answer = await callApi(harness.port, harness.token, 'app.info', '{}', { Origin: origin });
      expect(answer.status, origin).toBe(403);
    }
    const own = await callApi(harness.port, harness.token, 'app.info', '{}', { Origin: `http://127.0.0.1:${harness.port}` });
    expect(own.status).toBe(200);
  });

  it('refuses form posts (not JSON) and serves no file outside the renderer', async () => {
    const form = await httpCall(harness.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { Authorization: `Bearer ${harness.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const huge = await callApi(harness.port, harness.token, 'clipboard.writeText', JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json()).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%00']) {
      const answer = await httpCall(harness.port, { path });
      expect([404, 503], path).toContain(answer.status);
      expect(answer.body).not.toContain('"devDependencies"');
    }
  });
});

describe('browser harness: operations, progress, native stand-ins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtr-harness-'));
  let harness: RunningHarness;
  let release: (() => void) | undefined;
  beforeAll(async () => {
    // A long handler for the transport's own mechanics: it reports progress and waits to be cancelled.
    harness = await startHarness({
      native: scriptedNativeIntegration({ caFile: inject('rgw').caPath, savePath: join(dir, 'out.zip') }),
      handlers: (deps) => ({
        ...createHandlerTable(deps),
        'app.info': async (_request, context) => {
          context.emitProgress({ operationId: 'ignored', step: 'waiting', status: 'running' });
          await new Promise<void>((resolve, reject) => {
            release = resolve;
            context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true });
          });
          return { name: 'released', version: '0' };
        },
      }),
    });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams progress over SSE under the caller\'s operation id and cancels through operation.cancel', async () => {
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${harness.port}/api/events`, {
      headers: { Authorization: `Bearer ${harness.token}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const pending = callApi(harness.port, harness.token, 'app.info', '{}', { 'X-Operation-Id': 'op-1' });
    let text = '';
    for (let i = 0; i < 20 && !text.includes('event: progress'); i++) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: progress');
    expect(text).toContain('"operationId":"op-1"');
    const clash = await callApi(harness.port, harness.token, 'app.info', '{}', { 'X-Operation-Id': 'op-1' });
    expect(clash.json()).toMatchObject({ ok: false, error: { code: 'OPERATION_ID_IN_USE' } });
    const cancel = await callApi(harness.port, harness.token, 'operation.cancel', '{"operationId":"op-1"}');
    expect(cancel.json()).toEqual({ ok: true, value: { cancelled: true } });
    expect((await pending).json()).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const again = await callApi(harness.port, harness.token, 'operation.cancel', '{"operationId":"op-1"}');
    expect(again.json()).toEqual({ ok: true, value: { cancelled: false } });
    const badId = await callApi(harness.port, harness.token, 'operation.cancel', '{}', { 'X-Operation-Id': '../x' });
    expect(badId.json()).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    await reader.cancel();
    controller.abort();
    expect(release).toBeTypeOf('function');
  });

  it('pushes app events (menu commands) to every page over SSE, checked against the contract', async () => {
    const stream = await fetch(`http://127.0.0.1:${harness.port}/api/events?token=${harness.token}`);
    const reader = stream.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    harness.broadcast({ type: 'menu', command: 'open-ca-file' });
    for (let i = 0; i < 20 && !text.includes('event: app'); i++) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: app\ndata: {"type":"menu","command":"open-ca-file"}');
    expect(() => harness.broadcast({ type: 'menu', command: 'format-disk' } as never)).toThrow();
    await reader.cancel();
  });

  it('opens a CA file through the native integration and refuses a private key', async () => {
    const opened = await callApi(harness.port, harness.token, 'dialog.openCaFile', '{}');
    expect(opened.json()).toMatchObject({ ok: true, value: { canceled: false, fileName: 'ca.crt', pem: inject('rgw').caPem } });
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
    const other = await startHarness({ native: scriptedNativeIntegration({ caFile: keyFile }) });
    try {
      const refused = await callApi(other.port, other.token, 'dialog.openCaFile', '{}');
      expect(refused.json()).toMatchObject({ ok: false, error: { code: 'PEM_PRIVATE_KEY' } });
      expect(refused.body).not.toContain('MIIB');
    } finally {
      await other.close();
    }
  });

  it('shows only save-dialog paths in their folder; without a stand-in, native features say so', async () => {
    const notChosen = await callApi(harness.port, harness.token, 'shell.showInFolder', JSON.stringify({ path: '/etc/passwd' }));
    expect(notChosen.json()).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
    const chosen = await callApi(harness.port, harness.token, 'dialog.chooseExportPath', '{"defaultName":"out.zip","extensions":["zip"]}');
    expect(chosen.json()).toEqual({ ok: true, value: { canceled: false, path: join(dir, 'out.zip') } });
    const shown = await callApi(harness.port, harness.token, 'shell.showInFolder', JSON.stringify({ path: join(dir, 'out.zip') }));
    expect(shown.json()).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE_IN_BROWSER' } });

    const plain = await startHarness();
    try {
      const dialog = await callApi(plain.port, plain.token, 'dialog.openCaFile', '{}');
      expect(dialog.json()).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE_IN_BROWSER', fix: expect.stringContaining('Paste') } });
    } finally {
      await plain.close();
    }
  });

  it('sends the CSP as a header with every page it serves', async () => {
    const page = await httpCall(harness.port, { path: '/' });
    if (page.status === 200) expect(page.body).toContain('<script type="module" src="/__harness/shim.js"></script>');
    else expect(page.json()).toMatchObject({ error: { code: 'NOT_BUILT' } });
    const shim = await fetch(`http://127.0.0.1:${harness.port}/__harness/shim.js`);
    if (shim.status === 200) expect(shim.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('never forwards an unknown error\'s message or stack', async () => {
    const leaky = await startHarness({
      handlers: (deps) => ({
        ...createHandlerTable(deps),
        'app.info': async () => {
          throw new Error('password=hunter2 at /home/user/secret.ts:1:1');
        },
        'operation.cancel': async () => {
          throw new AppError({ code: 'PROFILE_NOT_FOUND', message: 'A known failure.', fix: 'Do this.' });
        },
      }),
    });
    try {
      const unknown = await callApi(leaky.port, leaky.token, 'app.info', '{}');
      expect(unknown.json()).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
      expect(unknown.body).not.toContain('hunter2');
      const known = await callApi(leaky.port, leaky.token, 'operation.cancel', '{"operationId":"x"}');
      expect(known.json()).toEqual({ ok: false, error: { code: 'PROFILE_NOT_FOUND', message: 'A known failure.', fix: 'Do this.' } });
    } finally {
      await leaky.close();
    }
  });
});
