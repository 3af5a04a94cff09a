import { AppError } from '../../shared/app-error';
import { transportErrorCodes } from '../../shared/contract';

/**
 * Long operations in flight, by operation id, so `operation.cancel` can abort one. Every call gets an
 * entry for its lifetime; a handler sees the AbortSignal in its HandlerContext.
 */
export class OperationRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Register a call; throws OPERATION_ID_IN_USE when the id is already running. */
  begin(operationId: string): { signal: AbortSignal; end(): void } {
    if (this.running.has(operationId)) {
      throw new AppError({
        code: transportErrorCodes.operationIdInUse,
        message: `An operation with id ${operationId} is already running.`,
        fix: 'Use a fresh operation id for every call.',
      });
    }
    const controller = new AbortController();
    this.running.set(operationId, controller);
    return {
      signal: controller.signal,
      end: () => {
        if (this.running.get(operationId) === controller) this.running.delete(operationId);
      },
    };
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    if (!controller) return false;
    controller.abort(new AppError({ code: transportErrorCodes.cancelled, message: 'The operation was cancelled.' }));
    this.running.delete(operationId);
    return true;
  }

  /** On window close or harness shutdown: stop everything still running. */
  cancelAll(): void {
    for (const id of [...this.running.keys()]) this.cancel(id);
  }

  get size(): number {
    return this.running.size;
  }
}
