import { useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { Channel, ChannelRequest, ChannelResult } from '../../../shared/contract';
import { dtrCaMatters, dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { checkDtrHost } from '../../../shared/validation/dtr-host';
import { useOperation, type Operation } from '../api';
import type { WizardValues } from '../wizard/model';

/** Typing pauses this long before a probe starts: one probe per entered value, not per key. */
const SETTLE_MS = 400;

/**
 * Run `request` once it has stopped changing for SETTLE_MS; a newer request (or leaving the step)
 * cancels the one in flight, and its late answer is dropped (useOperation keeps only the latest).
 */
export function useSettledRun<C extends Channel>(op: Operation<C>, request: ChannelRequest<C> | undefined, onResult?: (result: ChannelResult<C>, request: ChannelRequest<C>) => void): void {
  const key = request === undefined ? '' : JSON.stringify(request);
  const latest = useRef({ op, request, onResult });
  latest.current = { op, request, onResult };
  useEffect(() => {
    const { op: current, request: now } = latest.current;
    if (now === undefined) {
      current.reset();
      return undefined;
    }
    const timer = setTimeout(() => {
      void current.run(now).then((result) => {
        if (result !== undefined) latest.current.onResult?.(result, now);
      });
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      current.cancel();
    };
  }, [key]);
}

/**
 * DTR's verification for the client-trust gate: as soon as the host (and CA) are entered, main checks
 * DTR's chain with the trust a client will get; the verdict is kept in the wizard's values, for the very
 * host and CA it was about.
 */
export function useDtrVerification(values: WizardValues, update: (patch: Partial<WizardValues>) => void): Operation<'trust.verifyDtr'> {
  const op = useOperation('trust.verifyDtr');
  const needed = dtrCaMatters(values.trustMode) && checkDtrHost(values.dtrHost).ok;
  const request = needed
    ? { config: values.config, clientTrust: { dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem } }
    : undefined;
  useSettledRun(op, request, (result) => update({ dtrCaVerifiedFor: result.verified ? dtrTrustSubject(result.dtrHost, result.dtrCaPem) : '' }));
  return op;
}

/**
 * The Target step's endpoint probe (DNS, TCP, TLS as Validate runs them, and which CA was pasted), as
 * soon as an S3-compatible endpoint (and its CA) are entered and pass the shared field rules.
 */
export function useEndpointProbe(values: WizardValues, fieldsValid: boolean): EndpointProbeState {
  const op = useOperation('checks.probeEndpoint');
  const { config } = values;
  const ready = fieldsValid && config.provider === 's3-compatible' && config.regionendpoint.trim() !== '';
  const [answered, setAnswered] = useState<{ key: string; result: ChannelResult<'checks.probeEndpoint'> }>();
  // Only a Cancel the user pressed is said as such (a newer value also cancels the probe in flight).
  const [cancelledKey, setCancelledKey] = useState<string>();
  const key = JSON.stringify(config);
  useSettledRun(op, ready ? { config } : undefined, (result, asked) => setAnswered({ key: JSON.stringify(asked.config), result }));
  const cancel = () => {
    setCancelledKey(key);
    op.cancel();
  };
  // Only the answer about what the fields hold now (a newer probe may be settling).
  return {
    running: op.running, cancel, cancelled: cancelledKey === key && !op.running,
    ...(answered?.key === key && !op.running ? { fresh: answered.result } : {}),
    ...(op.error && op.error.code !== 'CANCELLED' && !op.running ? { error: op.error } : {}),
  };
}

export interface EndpointProbeState {
  running: boolean;
  cancel: () => void;
  /** The user cancelled the probe of the values the fields hold now. */
  cancelled: boolean;
  fresh?: ChannelResult<'checks.probeEndpoint'>;
  error?: AppErrorData;
}
