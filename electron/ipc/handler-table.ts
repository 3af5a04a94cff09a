import { AppError, type AppErrorData } from '../../shared/app-error';
import {
  contract,
  isChannel,
  transportErrorCodes,
  type CallOutcome,
  type Channel,
  type ChannelResult,
  type ParsedRequest,
} from '../../shared/contract';
import { MAX_REQUEST_DEPTH, nestsDeeperThan } from '../../shared/json-depth';
import { appInfo } from '../services/app-info';
import { readCaFile } from '../services/ca-file';
import { defaultProfileServices, type ProfileServices } from '../services/profiles';
import type { RecheckScheduler } from '../services/recheck';
import { checksChannels } from '../../shared/channels/checks';
import { exportChannels } from '../../shared/channels/export';
import { profilesChannels } from '../../shared/channels/profiles';
import { provisionChannels } from '../../shared/channels/provision';
import { recheckChannels } from '../../shared/channels/recheck';
import { regionsChannels } from '../../shared/channels/regions';
import { tlsChannels } from '../../shared/channels/tls';
import { trustChannels } from '../../shared/channels/trust';
import { wizardChannels } from '../../shared/channels/wizard';
import { browserNativeIntegration, type NativeIntegration } from './native';
import { OperationRegistry } from './operations';
import type { HandlerContext } from './handler-context';

export type { HandlerContext } from './handler-context';

type Handler<C extends Channel> = (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>>;
type Handlers<K extends Channel> = { [C in K]: Handler<C> };

/**
 * A group of handlers whose module (and what it pulls in: the AWS SDK, the check runner) is loaded on the
 * group's first call, not when the table is built: the window (and the harness's first page) appear
 * without waiting for it. Measured with bench/harness-start.mjs.
 */
function lazyGroup<K extends Channel>(channels: Record<K, unknown>, load: () => Promise<Handlers<K>>): Handlers<K> {
  let loaded: Promise<Handlers<K>> | undefined;
  const group = {} as Record<K, (request: unknown, context: HandlerContext) => Promise<unknown>>;
  for (const channel of Object.keys(channels) as K[]) {
    group[channel] = async (request, context) => {
      // A failed load is tried again on the next call rather than remembered.
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      const handler = (await loaded)[channel] as unknown as (request: unknown, context: HandlerContext) => Promise<unknown>;
      return handler(request, context);
    };
  }
  return group as unknown as Handlers<K>;
}

export type HandlerTable = { [C in Channel]: Handler<C> };

/** What the handlers need from their host: Electron main and the harness pass their own. */
export interface HandlerDeps {
  operations: OperationRegistry;
  native: NativeIntegration;
  /**
   * Profiles, keychain and wizard state, or a getter that creates them on first use (the harness: it owns
   * and disposes its own); default: the process's shared ones on the app data directory and the OS keychain.
   */
  profiles?: ProfileServices | (() => ProfileServices);
  /** The scheduled re-check (Electron main's notifies through the OS); default: one with a recording notifier. */
  recheckScheduler?: RecheckScheduler;
}

/** channel → service call. Electron main, the browser harness and tests all dispatch through this. */
export function createHandlerTable(deps: Partial<HandlerDeps> = {}): HandlerTable {
  const operations = deps.operations ?? new OperationRegistry();
  const native = deps.native ?? browserNativeIntegration;
  // showInFolder only reveals what the user chose in the save dialog, never a path the renderer made up.
  const chosenPaths = new Set<string>();
  const ownProfiles = deps.profiles;
  let profileServices = typeof ownProfiles === 'function' ? undefined : ownProfiles;
  const services = (): ProfileServices => (profileServices ??= typeof ownProfiles === 'function' ? ownProfiles() : defaultProfileServices());
  return {
    'app.info': async () => appInfo(),
    'operation.cancel': async ({ operationId }) => ({ cancelled: operations.cancel(operationId) }),
    'dialog.openCaFile': async () => {
      const path = await native.chooseCaFile();
      return path === undefined ? { canceled: true as const } : { canceled: false as const, ...(await readCaFile(path)) };
    },
    'dialog.chooseExportPath': async ({ defaultName, extensions }) => {
      const path = await native.chooseSavePath(defaultName, extensions ?? []);
      if (path === undefined) return { canceled: true as const };
      chosenPaths.add(path);
      return { canceled: false as const, path };
    },
    'shell.showInFolder': async ({ path }) => {
      if (!chosenPaths.has(path)) {
        throw new AppError({
          code: 'PATH_NOT_CHOSEN',
          message: 'Only files saved through the save dialog can be shown in their folder.',
        });
      }
      await native.showInFolder(path);
      return {};
    },
    'clipboard.writeText': async ({ text }) => {
      await native.copyText(text);
      return {};
    },
    ...lazyGroup({ ...profilesChannels, ...wizardChannels }, async () => (await import('./profile-handlers')).createProfileHandlers(services, chosenPaths)),
    ...lazyGroup(provisionChannels, async () => (await import('./provisioning-handlers')).createProvisioningHandlers(services)),
    ...lazyGroup(recheckChannels, async () => (await import('./recheck-handlers')).createRecheckHandlers(services, chosenPaths, deps.recheckScheduler)),
    ...lazyGroup({ ...regionsChannels, ...checksChannels, ...tlsChannels, ...trustChannels }, async () => (await import('./check-handlers')).createCheckHandlers(services)),
    ...lazyGroup(exportChannels, async () => (await import('./export-handlers')).createExportHandlers(services, chosenPaths, native)),
  };
}

function toErrorData(error: unknown, signal: AbortSignal): AppErrorData {
  if (error instanceof AppError) return error.toData();
  if (signal.aborted) return { code: transportErrorCodes.cancelled, message: 'The operation was cancelled.' };
  // Unknown errors: never forward a stack or an arbitrary message that might carry a secret.
  return {
    code: transportErrorCodes.internal,
    message: 'An unexpected error occurred. Details were written to the log.',
  };
}

/** Where an unexpected error came from, for the log: its name, code and frames, never its message (it may hold a secret). */
function logUnexpected(channel: string, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).join('\n') : '';
  console.error(`[ipc] ${channel} failed with ${name}${typeof code === 'string' ? ` (${code})` : ''}\n${frames}`);
}

/** zod's first issue as "path: message", capped; the rejected value itself is never echoed (it may be a secret). */
function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const text = issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'rejected';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
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
    return {
      ok: false,
      error: { code: transportErrorCodes.unknownChannel, message: `No such channel: ${channel.slice(0, 80)}` },
    };
  }
  if (nestsDeeperThan(payload)) {
    return {
      ok: false,
      error: { code: transportErrorCodes.invalidRequest, message: `Invalid request for ${channel}: nested deeper than ${MAX_REQUEST_DEPTH} levels.` },
    };
  }
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: transportErrorCodes.invalidRequest,
        message: `Invalid request for ${channel}: ${describeIssue(parsed.error.issues[0])}`,
      },
    };
  }
  try {
    const handler = table[channel] as unknown as (req: unknown, ctx: HandlerContext) => Promise<unknown>;
    const value = spec.result.parse(await handler(parsed.data, context));
    return { ok: true, value } as CallOutcome<C>;
  } catch (error) {
    if (!(error instanceof AppError)) logUnexpected(channel, error);
    return { ok: false, error: toErrorData(error, context.signal) };
  }
}
