// Browser-side half of the harness: window.dtrApi over HTTP + server-sent events. It is built to a
// module script (out/main/harness-shim.js) and injected into the served index.html only; the
// packaged app uses the preload instead. The token arrives in the URL hash once and is then removed.
import type { DtrApi } from '../../shared/api';
import type { AppEvent, CallOutcome, Channel, ProgressEvent } from '../../shared/contract';
import type { ErrorCode } from '../../shared/error-codes';

(() => {
  const storageKey = 'dtr-harness-token';
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(storageKey, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(storageKey) ?? '';

  const failure = <C extends Channel>(code: ErrorCode, message: string, fix?: string): CallOutcome<C> => ({
    ok: false,
    error: { code, message, ...(fix ? { fix } : {}) },
  });

  const progressListeners = new Set<(event: ProgressEvent) => void>();
  const eventListeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | undefined;
  const connect = (): void => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.addEventListener('progress', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
      for (const listener of progressListeners) listener(event);
    });
    source.addEventListener('app', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as AppEvent;
      for (const listener of eventListeners) listener(event);
    });
  };
  const subscribe = <T>(set: Set<T>, listener: T): (() => void) => {
    set.add(listener);
    connect();
    return () => set.delete(listener);
  };

  const api: DtrApi = {
    async invoke(channel, request, options) {
      // The clipboard is the browser's own: the server has no access to the user's clipboard.
      if (channel === 'clipboard.writeText') {
        const text = (request as { text?: unknown }).text;
        if (typeof text !== 'string') return failure('INVALID_REQUEST', 'Invalid request for clipboard.writeText: text: expected string');
        try {
          await navigator.clipboard.writeText(text);
          return { ok: true, value: {} } as CallOutcome<typeof channel>;
        } catch {
          return failure('CLIPBOARD_DENIED', 'The browser did not allow writing to the clipboard.', 'Select the text and copy it by hand.');
        }
      }
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      if (options?.operationId) headers['X-Operation-Id'] = options.operationId;
      try {
        const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(request ?? {}),
        });
        return (await response.json()) as CallOutcome<typeof channel>;
      } catch {
        return failure('HARNESS_UNREACHABLE', 'The harness server did not answer.', 'Is `npm run web` still running?');
      }
    },
    onProgress: (listener) => subscribe(progressListeners, listener),
    onEvent: (listener) => subscribe(eventListeners, listener),
  };
  Object.defineProperty(window, 'dtrApi', { value: Object.freeze(api), writable: false, configurable: false });
})();
