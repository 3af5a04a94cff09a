import type { Channel, ChannelResult, ParsedRequest } from '../../shared/contract';
import { WIZARD_DRAFT_OWNER } from '../../shared/profile';
import { runChecks } from '../services/checks/runner';
import type { ProfileServices } from '../services/profiles';
import { measureRegionLatency } from '../services/region-latency';
import { verifyDtrTrust } from '../services/tls/dtr-trust';
import { probeEndpoint } from '../services/tls/endpoint-probe';
import { inspectPeerChain } from '../services/tls/peer-chain';
import type { HandlerContext } from './handler-context';
import { keysOf } from './keys-of';

/** The live checks of a config not yet saved: latency, the itemized checks, TLS and DTR trust. */
type CheckChannel = Extract<Channel, `regions.${string}` | `checks.${string}` | `tls.${string}` | `trust.${string}`>;
type CheckHandlers = { [C in CheckChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>> };

/**
 * Handlers for the checks. Each is a thin call into an existing service; progress goes out under the
 * caller's operation id and `operation.cancel` aborts through the context's signal.
 */
export function createCheckHandlers(services: () => ProfileServices): CheckHandlers {
  return {
    'regions.measureLatency': async ({ provider, endpoint, timeoutMs }, { signal }) =>
      measureRegionLatency({ provider, endpoint, timeoutMs, signal }),

    'checks.run': async ({ config, only, owner, role, clientTrust, driver }, context) => {
      const startedAt = new Date();
      // Keyless: no key is loaded (the registry has none); the runner signs nothing (shared/keyless.ts).
      const credentials = config.keyless ? undefined : await keysOf(services(), owner, role);
      const result = await runChecks(config, credentials, {
        onProgress: context.emitProgress,
        signal: context.signal,
        ...(only ? { only } : {}),
        ...(clientTrust ? { clientTrust } : {}),
        ...(driver ? { driver } : {}),
        ...(context.operationId ? { operationId: context.operationId } : {}),
      });
      // The wizard's run with the registry's key is kept for its profile's history (see profiles.save fromWizard).
      if (owner === WIZARD_DRAFT_OWNER && role === 'registry') services().wizardChecks.record(config, result, startedAt, only);
      return result;
    },

    'tls.inspect': async ({ host, port, caPem }, { signal }) => {
      const report = await inspectPeerChain({ host, port, ...(caPem?.trim() ? { caPem } : {}), signal });
      return report;
    },

    'checks.probeEndpoint': async ({ config }, { signal }) => probeEndpoint(config, { signal }),

    'trust.verifyDtr': async ({ config, clientTrust }, { signal }) => verifyDtrTrust(config, clientTrust, { signal }),
  };
}
