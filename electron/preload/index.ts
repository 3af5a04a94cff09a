import { contextBridge, ipcRenderer } from 'electron';
import type { DtrApi } from '../../shared/api';
import type { CallOutcome, Channel, ChannelRequest, ProgressEvent } from '../../shared/contract';

/**
 * The renderer's only door to the main process: a typed `invoke` per contract channel and a progress
 * subscription. The raw ipcRenderer is never exposed.
 */
const api: DtrApi = {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<CallOutcome<C>> {
    return ipcRenderer.invoke('api', channel, request) as Promise<CallOutcome<C>>;
  },
  onProgress(listener: (event: ProgressEvent) => void): () => void {
    const wrapped = (_event: unknown, progress: ProgressEvent): void => listener(progress);
    ipcRenderer.on('progress', wrapped);
    return () => ipcRenderer.removeListener('progress', wrapped);
  },
};

contextBridge.exposeInMainWorld('dtrApi', api);
