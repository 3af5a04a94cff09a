import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { ProgressEvent } from '../../shared/contract';
import { useWorkerKeyring } from './fixtures';

type HarnessModule = typeof import('../../electron/harness/index');
type Running = Awaited<ReturnType<HarnessModule['startHarness']>>;

// The page side of progress, app events and cancellation: the shim's EventSource and fetch calls in a
// real Chromium, against a harness (the built bundle) whose app.info handler is a long operation.
let harness: Running;

test.beforeAll(async () => {
  await useWorkerKeyring();
  const { startHarness, createHandlerTable } = (await import(pathToFileURL(join(process.cwd(), 'out/main/harness.js')).href)) as HarnessModule;
  harness = await startHarness({
    handlers: (deps) => ({
      ...createHandlerTable(deps),
      'app.info': async (_request, context) => {
        // The call the test cancels stays open after its first step until it is cancelled: no timer decides.
        const holdOpen = context.operationId === 'e2e-cancel';
        for (const step of ['connect', 'read', 'write']) {
          if (context.signal.aborted) break;
          context.emitProgress({ operationId: '', step, status: 'pass', durationMs: 1 });
          if (holdOpen) await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        }
        if (context.signal.aborted) throw context.signal.reason;
        return { name: 'progress demo', version: '1.0.0' };
      },
    }),
  });
});

test.afterAll(async () => {
  await harness?.close();
});

test('progress streams to onProgress under the caller\'s operation id; operation.cancel stops a call', async ({ page }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();
  await page.evaluate(() => {
    const seen: ProgressEvent[] = [];
    (window as unknown as { seen: ProgressEvent[] }).seen = seen;
    window.dtrApi.onProgress((event) => seen.push(event));
  });
  // The event stream opens asynchronously: call until a call's progress comes back, so none is lost later.
  await expect.poll(() => page.evaluate(async () => {
    await window.dtrApi.invoke('app.info', {}, { operationId: 'e2e-ready' });
    return (window as unknown as { seen: ProgressEvent[] }).seen.some((e) => e.operationId === 'e2e-ready');
  })).toBe(true);
  const result = await page.evaluate(async () => {
    const seen = (window as unknown as { seen: ProgressEvent[] }).seen;
    const done = await window.dtrApi.invoke('app.info', {}, { operationId: 'e2e-full' });
    const cancelling = window.dtrApi.invoke('app.info', {}, { operationId: 'e2e-cancel' });
    // Cancel once the call is provably running (its first step arrived), not after a guessed delay.
    for (let i = 0; i < 3_000 && !seen.some((e) => e.operationId === 'e2e-cancel'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const cancel = await window.dtrApi.invoke('operation.cancel', { operationId: 'e2e-cancel' });
    const cancelled = await cancelling;
    return { done, cancel, cancelled };
  });
  expect(result.done).toEqual({ ok: true, value: { name: 'progress demo', version: '1.0.0' } });
  expect(result.cancel).toEqual({ ok: true, value: { cancelled: true } });
  expect(result.cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  // Events and the call's answer travel on different connections: the last events may land just after it.
  const steps = (operationId: string) => page.evaluate((id) => (window as unknown as { seen: ProgressEvent[] }).seen.filter((e) => e.operationId === id).map((e) => e.step), operationId);
  await expect.poll(() => steps('e2e-full')).toEqual(['connect', 'read', 'write']);
  expect(await steps('e2e-cancel')).toEqual(['connect']);
});

test('app events (menu commands) reach onEvent', async ({ page }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();
  await page.evaluate(() => {
    const events: unknown[] = [];
    (window as unknown as { __events: unknown[] }).__events = events;
    window.dtrApi.onEvent((event) => events.push(event));
  });
  // Sent until it arrives: the stream may still be opening when the first one goes out.
  await expect.poll(() => {
    harness.broadcast({ type: 'menu', command: 'export' });
    return page.evaluate(() => (window as unknown as { __events: unknown[] }).__events.length);
  }).toBeGreaterThan(0);
  const events = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events);
  expect(new Set(events.map((e) => JSON.stringify(e)))).toEqual(new Set([JSON.stringify({ type: 'menu', command: 'export' })]));
});
