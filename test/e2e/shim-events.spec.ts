import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { ProgressEvent } from '../../shared/contract';

type HarnessModule = typeof import('../../electron/harness/index');
type Running = Awaited<ReturnType<HarnessModule['startHarness']>>;

// The page side of progress, app events and cancellation: the shim's EventSource and fetch calls in a
// real Chromium, against a harness (the built bundle) whose app.info handler is a long operation.
let harness: Running;

test.beforeAll(async () => {
  const { startHarness, createHandlerTable } = (await import(pathToFileURL(join(process.cwd(), 'out/main/harness.js')).href)) as HarnessModule;
  harness = await startHarness({
    handlers: (deps) => ({
      ...createHandlerTable(deps),
      'app.info': async (_request, context) => {
        for (const step of ['connect', 'read', 'write']) {
          if (context.signal.aborted) break;
          context.emitProgress({ operationId: '', step, status: 'pass', durationMs: 1 });
          await new Promise((resolve) => setTimeout(resolve, 150));
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
  const result = await page.evaluate(async () => {
    const seen: ProgressEvent[] = [];
    const unsubscribe = window.dtrApi.onProgress((event) => seen.push(event));
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the EventSource connect
    const done = await window.dtrApi.invoke('app.info', {}, { operationId: 'e2e-full' });
    const cancelling = window.dtrApi.invoke('app.info', {}, { operationId: 'e2e-cancel' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancel = await window.dtrApi.invoke('operation.cancel', { operationId: 'e2e-cancel' });
    const cancelled = await cancelling;
    unsubscribe();
    return { done, cancel, cancelled, seen };
  });
  expect(result.done).toEqual({ ok: true, value: { name: 'progress demo', version: '1.0.0' } });
  expect(result.seen.filter((e) => e.operationId === 'e2e-full').map((e) => e.step)).toEqual(['connect', 'read', 'write']);
  expect(result.cancel).toEqual({ ok: true, value: { cancelled: true } });
  expect(result.cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  expect(result.seen.filter((e) => e.operationId === 'e2e-cancel').length).toBeLessThan(3);
});

test('app events (menu commands) reach onEvent', async ({ page }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();
  await page.evaluate(() => {
    const events: unknown[] = [];
    (window as unknown as { __events: unknown[] }).__events = events;
    window.dtrApi.onEvent((event) => events.push(event));
  });
  await page.waitForTimeout(300);
  harness.broadcast({ type: 'menu', command: 'export' });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __events: unknown[] }).__events)).toEqual([{ type: 'menu', command: 'export' }]);
});
