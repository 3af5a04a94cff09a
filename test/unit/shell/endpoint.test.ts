import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract';
import { createApiEndpoint } from '../../../electron/ipc/endpoint';
import { createHandlerTable } from '../../../electron/ipc/handler-table';

describe('the transport-neutral endpoint', () => {
  it('ties progress to the caller\'s operation id, drops malformed events, and frees the id afterwards', async () => {
    const events: ProgressEvent[] = [];
    const endpoint = createApiEndpoint({
      createTable: (deps) => ({
        ...createHandlerTable(deps),
        'app.info': async (_request, context) => {
          context.emitProgress({ operationId: 'spoofed', step: 'read', status: 'pass', durationMs: 3 });
          context.emitProgress({ operationId: 'x', step: 'bad', status: 'exploded' } as unknown as ProgressEvent);
          return { name: 'n', version: '1' };
        },
      }),
    });
    const outcome = await endpoint.call('app.info', {}, { operationId: 'op_7', emitProgress: (e) => events.push(e) });
    expect(outcome).toEqual({ ok: true, value: { name: 'n', version: '1' } });
    expect(events).toEqual([{ operationId: 'op_7', step: 'read', status: 'pass', durationMs: 3 }]);
    expect(endpoint.operations.size).toBe(0);
    const reused = await endpoint.call('app.info', {}, { operationId: 'op_7', emitProgress: () => undefined });
    expect(reused.ok).toBe(true);
  });

  it('rejects a malformed operation id or channel before any handler runs', async () => {
    const endpoint = createApiEndpoint();
    for (const operationId of ['', 'a b', 'x'.repeat(65), 42, { id: 1 }]) {
      const outcome = await endpoint.call('app.info', {}, { operationId, emitProgress: () => undefined });
      expect(outcome, JSON.stringify(operationId)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(await endpoint.call(7, {}, { emitProgress: () => undefined })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await endpoint.call('toString', {}, { emitProgress: () => undefined })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('cancels a running call: the handler sees the abort, the caller gets CANCELLED and no later progress', async () => {
    const events: ProgressEvent[] = [];
    let sawAbort = false;
    const endpoint = createApiEndpoint({
      createTable: (deps) => ({
        ...createHandlerTable(deps),
        'app.info': (_request, context) =>
          new Promise((_resolve, reject) => {
            context.signal.addEventListener('abort', () => {
              sawAbort = true;
              context.emitProgress({ operationId: '', step: 'after-cancel', status: 'running' });
              reject(new Error('aborted by signal'));
            });
          }),
      }),
    });
    const running = endpoint.call('app.info', {}, { operationId: 'long', emitProgress: (e) => events.push(e) });
    const cancel = await endpoint.call('operation.cancel', { operationId: 'long' }, { emitProgress: () => undefined });
    expect(cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(sawAbort).toBe(true);
    expect(events).toEqual([]);
  });
});
