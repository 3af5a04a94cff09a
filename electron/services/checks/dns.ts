import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { diagnoseTransport, diagnoseVirtualHostDns } from '../../../shared/diagnosis';
import { ProbeFailure, pass, type ProbeContext, type ProbeDefinition } from './context';

async function resolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

const failureOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException)?.code;

/**
 * Resolve the endpoint's host and, with virtual-host addressing, the bucket's host name too (both
 * at once): when only the latter fails the fix is path style, not DNS.
 */
export const dnsProbe: ProbeDefinition = {
  id: 'dns',
  async run(ctx: ProbeContext) {
    const { host, connectHost, virtualHost } = ctx.target;
    if (isIP(host)) return pass({ host, addresses: [host], note: 'literal IP address: nothing to resolve' });
    const [base, bucketHost] = await Promise.allSettled([
      resolve(host),
      virtualHost ? resolve(connectHost) : Promise.resolve([] as string[]),
    ]);
    if (base.status === 'rejected') {
      const code = failureOf(base.reason);
      throw new ProbeFailure(
        diagnoseTransport(code) ?? {
          code: 'DNS_FAILED',
          message: `The host name ${host} could not be resolved.`,
          fix: 'Check the endpoint host name and this machine\'s DNS settings.',
          cause: code,
        },
        { host, error: code ?? 'unknown' },
      );
    }
    const evidence = { host, addresses: base.value, addressing: virtualHost ? 'virtual-host' : 'path-style' };
    if (bucketHost.status === 'rejected') {
      throw new ProbeFailure(
        { ...diagnoseVirtualHostDns(connectHost, ctx.config.provider), cause: failureOf(bucketHost.reason) },
        { ...evidence, bucketHost: connectHost, bucketHostError: failureOf(bucketHost.reason) ?? 'unknown' },
      );
    }
    return pass(virtualHost ? { ...evidence, bucketHost: connectHost, bucketAddresses: bucketHost.value } : evidence);
  },
};
