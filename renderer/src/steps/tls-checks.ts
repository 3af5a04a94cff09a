import { useEffect, useRef } from 'react';
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
export function useSettledRun<C extends Channel>(op: Operation<C>, request: ChannelRequest<C> | undefined, onResult?: (result: ChannelResult<C>) => void): void {
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
        if (result !== undefined) latest.current.onResult?.(result);
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
