// The page's `window.dtrApi` (preload or harness shim). Declared for DOM code only: shared/ has no Window.
import type { DtrApi } from '../../shared/api';

declare global {
  interface Window {
    dtrApi: DtrApi;
  }
}
