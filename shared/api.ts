import type { CallOutcome, Channel, ChannelRequest, ProgressEvent } from './contract';

/**
 * The typed API the renderer sees as `window.dtrApi`. The Electron preload implements it over IPC;
 * the browser harness implements it over HTTP + server-sent events. Both end in the same handler table.
 */
export interface DtrApi {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<CallOutcome<C>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

declare global {
  interface Window {
    dtrApi: DtrApi;
  }
}
