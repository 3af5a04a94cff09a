import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/app-error';
import type { AppEvent, Channel, ChannelRequest, ChannelResult, ProgressEvent } from '../../shared/contract';

/**
 * The renderer's one door to main: nothing else touches window.dtrApi (eslint: no-restricted-syntax).
 * One call through it; errors come back as data, never thrown.
 */
export function call<C extends Channel>(channel: C, request: ChannelRequest<C>, operationId?: string) {
  return window.dtrApi.invoke(channel, request, operationId ? { operationId } : undefined);
}

/** main's pushed events (the app menu, and the harness's stand-ins for it); returns the unsubscribe. */
export function onEvent(listener: (event: AppEvent) => void): () => void {
  return window.dtrApi.onEvent(listener);
}

let counter = 0;
const newOperationId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface Operation<C extends Channel> {
  running: boolean;
  progress: ProgressEvent[];
  result?: ChannelResult<C>;
  error?: AppErrorData;
  // Properties, not methods: views pass them on unbound (onCancel={operation.cancel}).
  run: (request: ChannelRequest<C>) => Promise<ChannelResult<C> | undefined>;
  cancel: () => void;
  reset: () => void;
}

/**
 * A long call with its progress events and a Cancel: every run gets a fresh operation id, progress is
 * collected while it runs, and cancel sends operation.cancel for it.
 */
export function useOperation<C extends Channel>(channel: C): Operation<C> {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent[]>([]);
  const [result, setResult] = useState<ChannelResult<C>>();
  const [error, setError] = useState<AppErrorData>();
  const current = useRef<string | undefined>(undefined);

  useEffect(() => window.dtrApi.onProgress((event) => {
    if (event.operationId === current.current) setProgress((list) => [...list, event]);
  }), []);

  const run = useCallback(async (request: ChannelRequest<C>) => {
    const id = newOperationId(channel.replace(/\W/g, '-'));
    current.current = id;
    setRunning(true);
    setProgress([]);
    setError(undefined);
    const outcome = await call(channel, request, id);
    if (current.current !== id) return undefined;
    current.current = undefined;
    setRunning(false);
    if (outcome.ok) {
      setResult(outcome.value);
      return outcome.value;
    }
    setError(outcome.error);
    return undefined;
  }, [channel]);

  const cancel = useCallback(() => {
    const id = current.current;
    if (id) void call('operation.cancel', { operationId: id });
  }, []);
  const reset = useCallback(() => {
    setResult(undefined);
    setError(undefined);
    setProgress([]);
  }, []);
  return { running, progress, result, error, run, cancel, reset };
}
