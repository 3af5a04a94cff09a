import type { Channel, ChannelResult, ParsedRequest } from '../../shared/contract';
import type { ProfileServices } from '../services/profiles';
import { createProvisioningService, type ProvisioningTarget, type RunHooks } from '../services/provisioning/service';
import type { HandlerContext } from './handler-context';

type ProvisioningChannel = Extract<Channel, `provision.${string}`>;
type ProvisioningHandlers = {
  [C in ProvisioningChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>>;
};

/** The request as the service's target: the wiring (journal, keychain, installation id) is the service's. */
type TargetFields = Pick<ParsedRequest<'provision.run'>, 'config' | 'owner' | 'keySource' | 'awsProfile' | 'iamEndpoint' | 'stsEndpoint'>;
function targetOf(request: Omit<TargetFields, 'stsEndpoint'> & Partial<Pick<TargetFields, 'stsEndpoint'>>): ProvisioningTarget {
  return {
    config: request.config,
    owner: request.owner,
    setup: request.keySource === 'aws-chain' ? { from: 'aws-chain', ...(request.awsProfile ? { awsProfile: request.awsProfile } : {}) } : { from: 'keychain' },
    endpoints: { iamEndpoint: request.iamEndpoint, stsEndpoint: request.stsEndpoint },
  };
}

const hooksOf = (context: HandlerContext): RunHooks => ({
  emit: (event) => context.emitProgress(event),
  signal: context.signal,
  ...(context.operationId ? { operationId: context.operationId } : {}),
});

export function createProvisioningHandlers(services: () => ProfileServices): ProvisioningHandlers {
  return {
    'provision.run': async (request, context) =>
      createProvisioningService(services()).provision(
        targetOf(request),
        {
          policyFlavor: request.policyFlavor,
          onKeyLimit: request.onKeyLimit,
          abortIncompleteMultipartDays: request.abortIncompleteMultipartDays,
          ...(request.iamUser ? { iamUser: request.iamUser } : {}),
          ...(request.kmsKeyId ? { kmsKeyId: request.kmsKeyId } : {}),
          ...(request.reapply ? { reapply: request.reapply } : {}),
        },
        hooksOf(context),
      ),
    'provision.rollback': async (request, context) => createProvisioningService(services()).rollback(targetOf(request), hooksOf(context)),
  };
}
