/** The three Electron IPC channel names: every contract call goes through `invoke`. */
export const ipcChannels = {
  invoke: 'dtr:invoke',
  progress: 'dtr:progress',
  appEvent: 'dtr:event',
} as const;
