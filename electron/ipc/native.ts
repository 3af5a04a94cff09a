import { AppError } from '../../shared/app-error';
import { transportErrorCodes } from '../../shared/contract';

/**
 * What the OS shell offers the handlers: dialogs, the file manager, the clipboard. Electron main
 * passes an implementation on Electron's dialog/shell/clipboard; the browser harness has none (a page
 * in a browser cannot open the desktop's dialogs) unless a test scripts one.
 */
export interface NativeIntegration {
  /** false: no save dialog here (the browser harness), so the wizard offers an export as a download. */
  readonly saveDialog?: boolean;
  /** The open dialog for a CA file: the chosen path, or undefined when the user cancelled. */
  chooseCaFile(): Promise<string | undefined>;
  /** The save dialog: the chosen path, or undefined when the user cancelled. */
  chooseSavePath(defaultName: string, extensions: string[]): Promise<string | undefined>;
  showInFolder(path: string): Promise<void>;
  copyText(text: string): Promise<void>;
}

const unavailable = (what: string, fix: string): AppError =>
  new AppError({ code: transportErrorCodes.notAvailableInBrowser, message: `${what} is not available in the browser harness.`, fix });

/** The harness default: every native feature answers NOT_AVAILABLE_IN_BROWSER with the browser way. */
export const browserNativeIntegration: NativeIntegration = {
  saveDialog: false,
  chooseCaFile: () =>
    Promise.reject(unavailable('The CA file dialog', 'Paste the PEM text of the CA certificate into the field instead.')),
  chooseSavePath: () =>
    Promise.reject(unavailable('The save dialog', 'Use the desktop app to save an export to a chosen folder.')),
  showInFolder: () => Promise.reject(unavailable('Show in folder', 'Open the folder in your file manager.')),
  copyText: () => Promise.reject(unavailable('The server-side clipboard', 'The harness page copies with navigator.clipboard.')),
};

/**
 * A scripted stand-in for the dialogs (tests): answers with fixed paths as if the user had chosen
 * them. The files are real; only the user's choice is predetermined.
 */
export function scriptedNativeIntegration(choices: { caFile?: string; savePath?: string }): NativeIntegration {
  return {
    ...browserNativeIntegration,
    saveDialog: choices.savePath !== undefined,
    chooseCaFile: async () => choices.caFile,
    chooseSavePath: async () => choices.savePath,
  };
}
