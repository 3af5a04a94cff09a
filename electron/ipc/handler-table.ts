import { AppError, type AppErrorData } from '../../shared/app-error';
import {
  contract,
  isChannel,
  type CallOutcome,
  type Channel,
  type ChannelResult,
  type ParsedRequest,
  type ProgressEvent,
} from '../../shared/contract';
import { appInfo } from '../services/app-info';

/** What a handler gets besides its request: a way to stream progress and to learn it was cancelled. */
export interface HandlerContext {
  emitProgress(event: ProgressEvent): void;
  signal: AbortSignal;
}

type Handler<C extends Channel> = (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>>;

export type HandlerTable = { [C in Channel]: Handler<C> };

/** channel → service call. Electron main, the browser harness and tests all dispatch through this. */
export function createHandlerTable(): HandlerTable {
  return {
    'app.info': async () => appInfo(),
  };
}

function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  // Unknown errors: never forward a stack or an arbitrary message that might carry a secret.
  return {
    code: 'INTERNAL',
    message: 'An unexpected error occurred. Details were written to the log.',
  };
}

/**
 * Validate the channel and the request against the contract, call the handler, validate its result.
 * Errors are returned as data, never thrown across the boundary.
 */
export async function dispatch<C extends Channel>(
  table: HandlerTable,
  channel: string,
  payload: unknown,
  context: HandlerContext,
): Promise<CallOutcome<C>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No such channel: ${channel.slice(0, 80)}` } };
  }
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: `Invalid request for ${channel}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'rejected'}`,
      },
    };
  }
  try {
    const handler = table[channel] as unknown as (req: unknown, ctx: HandlerContext) => Promise<unknown>;
    const value = spec.result.parse(await handler(parsed.data, context));
    return { ok: true, value } as CallOutcome<C>;
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
