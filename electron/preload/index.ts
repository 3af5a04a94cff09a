import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DtrApi } from '../../shared/api';
import type { AppEvent, CallOutcome, Channel, ChannelRequest, InvokeOptions, ProgressEvent } from '../../shared/contract';
import { ipcChannels } from '../ipc/ipc-channels';

/**
 * The renderer's only door to the main process: a typed `invoke` per contract channel, a progress
 * subscription and app events. The raw ipcRenderer is never exposed, and listeners never see the
 * Electron event object (it carries `sender`).
 */
function subscribe<T>(name: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(name, wrapped);
  return () => void ipcRenderer.removeListener(name, wrapped);
}

const api: DtrApi = {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>, options?: InvokeOptions): Promise<CallOutcome<C>> {
    return ipcRenderer.invoke(ipcChannels.invoke, channel, request, { operationId: options?.operationId }) as Promise<CallOutcome<C>>;
  },
  onProgress: (listener: (event: ProgressEvent) => void) => subscribe(ipcChannels.progress, listener),
  onEvent: (listener: (event: AppEvent) => void) => subscribe(ipcChannels.appEvent, listener),
};

contextBridge.exposeInMainWorld('dtrApi', api);
