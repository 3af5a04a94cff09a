import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelRequest, ChannelResult } from '../../../shared/contract';
import { call, useOperation, type Operation } from '../api';
import { offerDownload } from '../download';

export type BundleRequest = Omit<ChannelRequest<'export.write'>, 'path' | 'zip'>;
/** Where the bundle went: a path the user chose, or (in the browser) the downloaded file's name. */
export type BundleOutcome = { to: string; asDownload: boolean } | { error: AppErrorData } | undefined;

export interface BundleExport {
  host?: ChannelResult<'export.hostInfo'>;
  hostError?: AppErrorData;
  /** The browser harness has no save dialog: there the bundle is a .zip download. */
  asDownload: boolean;
  running: boolean;
  /** The write or the download, whichever this host uses (progress, result, error, cancel). */
  operation: Operation<'export.write'> | Operation<'export.download'>;
  /** undefined: the user cancelled the save dialog, or the operation failed (see operation.error). */
  exportBundle: (bundle: BundleRequest, options: { baseName: string; zip?: boolean }) => Promise<BundleOutcome>;
}

/** Export a bundle the way this host can: the app's save dialog, or the browser's download. */
export function useBundleExport(): BundleExport {
  const write = useOperation('export.write');
  const download = useOperation('export.download');
  const [host, setHost] = useState<ChannelResult<'export.hostInfo'>>();
  const [hostError, setHostError] = useState<AppErrorData>();
  useEffect(() => {
    void call('export.hostInfo', {}).then((outcome) => (outcome.ok ? setHost(outcome.value) : setHostError(outcome.error)));
  }, []);
  const asDownload = host?.saveDialog === false;

  const exportBundle = async (bundle: BundleRequest, { baseName, zip = false }: { baseName: string; zip?: boolean }): Promise<BundleOutcome> => {
    const defaultName = `${baseName}${zip || asDownload ? '.zip' : ''}`;
    if (asDownload) {
      const result = await download.run({ fileName: defaultName, ...bundle });
      if (!result) return undefined;
      offerDownload(result.fileName, result.zipBase64);
      return { to: result.fileName, asDownload: true };
    }
    const chosen = await call('dialog.chooseExportPath', { defaultName, ...(zip ? { extensions: ['zip'] } : {}) });
    if (!chosen.ok) return { error: chosen.error };
    if (chosen.value.canceled) return undefined;
    const result = await write.run({ path: chosen.value.path, zip, ...bundle });
    return result ? { to: result.path, asDownload: false } : undefined;
  };
  return { host, hostError, asDownload, running: write.running || download.running, operation: asDownload ? download : write, exportBundle };
}
