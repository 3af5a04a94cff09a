import type { AppEvent, CallOutcome, Channel, ChannelRequest, InvokeOptions, ProgressEvent } from './contract';

/**
 * The typed API the renderer sees as `window.dtrApi`. The Electron preload implements it over IPC;
 * the browser harness implements it over HTTP + server-sent events. Both end in the same handler table.
 * `invoke` never rejects: transport failures come back as `{ ok: false, error }` too.
 */
export interface DtrApi {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>, options?: InvokeOptions): Promise<CallOutcome<C>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onEvent(listener: (event: AppEvent) => void): () => void;
}
