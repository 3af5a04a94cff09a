import { z } from 'zod';
import { appErrorSchema } from './app-error';

/**
 * The one IPC contract. Every channel the renderer may call is named here with the zod schema of its
 * request and of its result. Electron main, the browser harness and the preload's typed API are all
 * derived from this table; a channel that is not here does not exist.
 */
export const contract = {
  'app.info': {
    request: z.object({}).strict(),
    result: z.object({ name: z.string(), version: z.string() }),
  },
} as const;

export type Channel = keyof typeof contract;
export type ChannelRequest<C extends Channel> = z.input<(typeof contract)[C]['request']>;
/** The request after validation (defaults applied): what a handler receives. */
export type ParsedRequest<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type ChannelResult<C extends Channel> = z.output<(typeof contract)[C]['result']>;

/** What every call resolves to: errors come back as data. */
export type CallOutcome<C extends Channel> =
  | { ok: true; value: ChannelResult<C> }
  | { ok: false; error: z.infer<typeof appErrorSchema> };

/** Progress of long work (provisioning, checks, export); the same event over IPC and over the harness. */
export const progressEventSchema = z.object({
  operationId: z.string(),
  step: z.string(),
  status: z.enum(['running', 'pass', 'warn', 'fail', 'skipped', 'done', 'created', 'updated']),
  message: z.string().optional(),
  durationMs: z.number().optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);
