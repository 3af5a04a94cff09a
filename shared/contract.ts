import { z } from 'zod';
import { appErrorSchema } from './app-error';
import type { ErrorCode } from './error-codes';
import { checksChannels } from './channels/checks';
import { exportChannels } from './channels/export';
import { profilesChannels } from './channels/profiles';
import { provisionChannels } from './channels/provision';
import { recheckChannels } from './channels/recheck';
import { regionsChannels } from './channels/regions';
import { tlsChannels } from './channels/tls';
import { trustChannels } from './channels/trust';
import { wizardChannels } from './channels/wizard';

/**
 * The one IPC contract. Every channel the renderer may call is named here with the zod schema of its
 * request and of its result. Electron main, the browser harness and the preload's typed API are all
 * derived from this table; a channel that is not here does not exist.
 *
 * One file per channel family: `<family>.*` lives in shared/channels/<family>.ts (its schemas and types
 * beside it); only the host's own channels (app, operation, dialog, shell, clipboard) are here.
 *
 * Adding a channel: one entry in its family's file (request schemas are `.strict()` objects so unknown keys are
 * rejected), plus its handler in electron/ipc/handler-table.ts. Long work takes the operation id the
 * caller passed in `InvokeOptions` (or one the endpoint assigns), reports ProgressEvents under it and
 * stops when `operation.cancel` aborts it.
 */

/** Caller-chosen id of one long operation: ties progress events and `operation.cancel` to a call. */
export const operationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an operation id is 1–64 of A–Z a–z 0–9 _ -');

/** The largest CA file the open dialog reads: a bundle of a few hundred certificates. */
export const maxCaFileBytes = 1024 * 1024;

const empty = z.object({}).strict();

export const contract = {
  /** Harmless round trip: the app's name and version. */
  'app.info': {
    request: empty,
    result: z.object({ name: z.string(), version: z.string() }),
  },
  /** Abort a running long operation. `cancelled` is false when nothing with that id is running. */
  'operation.cancel': {
    request: z.object({ operationId: operationIdSchema }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  /** The OS open dialog for a CA certificate file; main reads the file and returns its PEM text. */
  'dialog.openCaFile': {
    request: empty,
    result: z.union([
      z.object({ canceled: z.literal(true) }),
      z.object({ canceled: z.literal(false), fileName: z.string(), pem: z.string() }),
    ]),
  },
  /** The OS save dialog for an export; the chosen path may then be written and shown in its folder. */
  'dialog.chooseExportPath': {
    request: z
      .object({
        defaultName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name, not a path'),
        extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(5).optional(),
      })
      .strict(),
    result: z.union([z.object({ canceled: z.literal(true) }), z.object({ canceled: z.literal(false), path: z.string() })]),
  },
  /** Reveal a file in the OS file manager; only paths the save dialog returned in this session. */
  'shell.showInFolder': {
    request: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: empty,
  },
  /** Put text on the OS clipboard (the browser harness does this with navigator.clipboard). */
  'clipboard.writeText': {
    request: z.object({ text: z.string().max(maxCaFileBytes) }).strict(),
    result: empty,
  },
  ...profilesChannels,
  ...wizardChannels,
  ...provisionChannels,
  ...recheckChannels,
  ...regionsChannels,
  ...checksChannels,
  ...tlsChannels,
  ...trustChannels,
  ...exportChannels,
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

/** Options that travel beside a request, not inside it. */
export interface InvokeOptions {
  /** Set it to follow the call's progress events and to be able to cancel it. */
  operationId?: string;
}

/** Error codes the transport itself produces (handlers add their own). */
export const transportErrorCodes = {
  invalidRequest: 'INVALID_REQUEST',
  unknownChannel: 'UNKNOWN_CHANNEL',
  cancelled: 'CANCELLED',
  operationIdInUse: 'OPERATION_ID_IN_USE',
  forbiddenSender: 'FORBIDDEN_SENDER',
  notAvailableInBrowser: 'NOT_AVAILABLE_IN_BROWSER',
  internal: 'INTERNAL',
} as const satisfies Record<string, ErrorCode>;

/** Progress of long work (provisioning, checks, export); the same event over IPC and over the harness. */
export const progressEventSchema = z.object({
  operationId: z.string(),
  step: z.string(),
  status: z.enum(['running', 'pass', 'warn', 'fail', 'skipped', 'done', 'created', 'updated']),
  message: z.string().optional(),
  durationMs: z.number().optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** Events main sends without being asked: app menu commands (theme follows the OS through CSS). */
export const menuCommands = ['open-ca-file', 'export', 'about'] as const;
export const appEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('menu'), command: z.enum(menuCommands) }),
]);
export type AppEvent = z.infer<typeof appEventSchema>;

export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);
export const channels = Object.keys(contract) as Channel[];
