import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { transportErrorCodes } from '../../shared/contract';
import type { ApiEndpoint } from '../ipc/endpoint';
import { ipcChannels } from '../ipc/ipc-channels';
import { isRendererUrl } from '../ipc/renderer-origin';

/**
 * The one IPC listener: contract calls from our own window's top frame, loaded from app://renderer.
 * Anything else (another frame, another window, a navigated page) gets FORBIDDEN_SENDER.
 */
export function registerIpc(endpoint: ApiEndpoint, isOurWindow: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(ipcChannels.invoke, async (event, channel: unknown, payload: unknown, options: unknown) => {
    const frame = event.senderFrame;
    if (!isOurWindow(event) || !frame || frame.parent !== null || !isRendererUrl(frame.url)) {
      return { ok: false, error: { code: transportErrorCodes.forbiddenSender, message: 'Request from an unknown sender.' } };
    }
    const operationId = typeof options === 'object' && options !== null ? (options as { operationId?: unknown }).operationId : undefined;
    return endpoint.call(channel, payload, {
      operationId,
      emitProgress: (progress) => {
        if (!event.sender.isDestroyed()) event.sender.send(ipcChannels.progress, progress);
      },
    });
  });
}
