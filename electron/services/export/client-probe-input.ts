import { AppError } from '../../../shared/app-error';
import { applyTrustChoice } from '../../../shared/trust/cert-layout';
import { parseClientProbeTtl } from '../../../shared/trust/client-probe';
import type { BundleInput } from './bundle-content';
import { createClientProbe } from './client-probe';

/**
 * `export --client-probe`: write the probe object and add its presigned URL to the bundle's input.
 * Only where verify-client can use it: a DTR host is known and clients follow the 307 to storage.
 */
export async function addClientProbe(input: BundleInput, ttlText: string): Promise<BundleInput> {
  const ttl = parseClientProbeTtl(ttlText);
  const mode = input.clientTrust?.mode ?? 'ca';
  if (!input.clientTrust?.dtrHost.trim() || applyTrustChoice(input.config, mode).redirect.disable) {
    throw new AppError({
      code: 'CLIENT_PROBE_NOT_USEFUL',
      message: input.clientTrust?.dtrHost.trim()
        ? 'With redirects disabled clients never download from storage: a client probe would check nothing.'
        : 'A client probe is checked by the verify-client scripts, which need the DTR host.',
      fix: input.clientTrust?.dtrHost.trim() ? 'Leave --client-probe out.' : 'Give --dtr-host (or save it in the profile).',
    });
  }
  return { ...input, clientProbe: await createClientProbe(input.config, input.credentials, ttl) };
}
