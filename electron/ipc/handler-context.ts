import type { ProgressEvent } from '../../shared/contract';

/**
 * What a handler gets besides its request: a way to stream progress and to learn it was cancelled. Its own
 * module, so the handler files and the table that assembles them do not import each other.
 */
export interface HandlerContext {
  emitProgress: (event: ProgressEvent) => void;
  signal: AbortSignal;
  /** The id this call's progress events carry (set by the endpoint; absent in direct dispatch calls). */
  operationId?: string;
}
