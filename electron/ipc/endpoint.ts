import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import {
  operationIdSchema,
  progressEventSchema,
  transportErrorCodes,
  type CallOutcome,
  type Channel,
  type ProgressEvent,
} from '../../shared/contract';
import { createHandlerTable, dispatch, type HandlerDeps, type HandlerTable } from './handler-table';
import { browserNativeIntegration } from './native';
import { OperationRegistry } from './operations';

export interface CallOptions {
  /** As received from the transport: validated here, generated when absent. */
  operationId?: unknown;
  emitProgress: (event: ProgressEvent) => void;
}

export interface ApiEndpoint {
  call(channel: unknown, payload: unknown, options: CallOptions): Promise<CallOutcome<Channel>>;
  readonly operations: OperationRegistry;
}

/**
 * One transport-neutral entry point (IPC in main, HTTP in the harness): validates the operation id,
 * registers the call for cancellation, checks every progress event against the contract, dispatches.
 */
export function createApiEndpoint(
  options: Partial<HandlerDeps> & { createTable?: (deps: HandlerDeps) => HandlerTable } = {},
): ApiEndpoint {
  const operations = options.operations ?? new OperationRegistry();
  const native = options.native ?? browserNativeIntegration;
  // The table gets this endpoint's registry, so operation.cancel reaches the calls made here.
  const table = (options.createTable ?? createHandlerTable)({
    operations,
    native,
    ...(options.recheckScheduler ? { recheckScheduler: options.recheckScheduler } : {}),
    ...(options.profiles ? { profiles: options.profiles } : {}),
  });
  return {
    operations,
    async call(channel, payload, { operationId: requestedId, emitProgress }) {
      if (typeof channel !== 'string') {
        return { ok: false, error: { code: transportErrorCodes.unknownChannel, message: 'The channel must be a string.' } };
      }
      let operationId: string = randomUUID();
      if (requestedId !== undefined) {
        const parsedId = operationIdSchema.safeParse(requestedId);
        if (!parsedId.success) {
          return {
            ok: false,
            error: { code: transportErrorCodes.invalidRequest, message: `Invalid operation id: ${parsedId.error.issues[0]?.message ?? 'rejected'}` },
          };
        }
        operationId = parsedId.data;
      }
      let operation;
      try {
        operation = operations.begin(operationId);
      } catch (error) {
        return { ok: false, error: (error as AppError).toData() };
      }
      try {
        return await dispatch(table, channel, payload, {
          operationId,
          signal: operation.signal,
          emitProgress: (event) => {
            // After cancel or completion the caller no longer listens; malformed events are a bug, not data.
            if (operation.signal.aborted) return;
            const checked = progressEventSchema.safeParse({ ...event, operationId });
            if (checked.success) emitProgress(checked.data);
            else console.error(`[ipc] ${channel} emitted an invalid progress event`);
          },
        });
      } finally {
        operation.end();
      }
    },
  };
}
