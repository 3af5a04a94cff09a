import { AppError } from '../../shared/app-error';
import type { ChannelResult, ParsedRequest } from '../../shared/contract';
import type { provisioningChannels } from '../../shared/provisioning-contract';
import type { Provider, StorageCredentials } from '../../shared/storage-config';
import type { ProfileServices } from '../services/profiles';
import { createIamClient, createWhoAmI } from '../services/provisioning/clients';
import { installationId } from '../services/provisioning/installation';
import { JsonFileJournalStore, draftJournalPath, type JournalStore } from '../services/provisioning/journal';
import { ProfileJournalStore } from '../services/profiles/profile-journal-store';
import { WIZARD_DRAFT_OWNER } from '../../shared/profile';
import { createKeychainKeySink } from '../services/provisioning/keychain-key-sink';
import { provisionStorage } from '../services/provisioning/provision';
import { rollbackProvisioning } from '../services/provisioning/rollback';
import { createS3Client, resolveCredentialSource } from '../services/s3-client';
import type { HandlerContext } from './handler-table';

type ProvisioningChannel = keyof typeof provisioningChannels;
type ProvisioningHandlers = {
  [C in ProvisioningChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>>;
};

/**
 * Where the journal lives: inside a saved profile (it travels and is deleted with it), or, for the wizard's
 * draft (no profile yet), in a file per endpoint and bucket that profiles.save moves into the new profile.
 */
export async function journalStoreFor(services: ProfileServices, owner: string, config: { bucket: string; regionendpoint: string; provider: Provider }): Promise<JournalStore> {
  if (owner !== WIZARD_DRAFT_OWNER && (await services.profiles.exists(owner))) return new ProfileJournalStore(services.profiles, owner);
  return new JsonFileJournalStore(draftJournalPath(services.dataDir, config));
}

/**
 * The setup credentials as S3 client options: the owner's 'setup' keys from the keychain, or the AWS SDK's
 * chain (optionally a named profile of ~/.aws/config, SSO included).
 */
async function setupCredentials(
  services: ProfileServices,
  request: { owner: string; setupCredentials: 'keychain' | 'aws-chain'; awsProfile?: string },
): Promise<{ credentials?: StorageCredentials; profile?: string }> {
  if (request.setupCredentials === 'aws-chain') return request.awsProfile ? { profile: request.awsProfile } : {};
  const credentials = await services.secrets.getCredentials(request.owner, 'setup');
  if (!credentials) {
    throw new AppError({
      code: 'SETUP_CREDENTIALS_MISSING',
      message: 'No setup (administrator) keys are stored for this profile.',
      fix: 'Enter the setup keys in the wizard, or choose "use the AWS credential chain".',
    });
  }
  return { credentials };
}

export function createProvisioningHandlers(services: () => ProfileServices): ProvisioningHandlers {
  return {
    'provision.run': async (request, context) => {
      const svc = services();
      const setup = await setupCredentials(svc, request);
      const { config } = request;
      const endpoints = { iamEndpoint: request.iamEndpoint, stsEndpoint: request.stsEndpoint };
      const operationId = context.operationId ?? 'provision';
      return provisionStorage(
        {
          config,
          profile: request.owner,
          policyFlavor: request.policyFlavor,
          onKeyLimit: request.onKeyLimit,
          abortIncompleteMultipartDays: request.abortIncompleteMultipartDays,
          ...(request.iamUser ? { iamUser: request.iamUser } : {}),
          ...(request.kmsKeyId ? { kmsKeyId: request.kmsKeyId } : {}),
          ...(request.reapply ? { reapply: request.reapply } : {}),
        },
        {
          s3: createS3Client(config, { ...setup, maxAttempts: 3 }),
          ...(config.provider === 'aws'
            ? {
                iam: {
                  iam: createIamClient(config.region, endpoints, resolveCredentialSource(setup)),
                  keySink: createKeychainKeySink(svc.secrets),
                  whoAmI: createWhoAmI(config.region, endpoints),
                },
              }
            : {}),
          store: await journalStoreFor(svc, request.owner, config),
          installationId: installationId(svc.dataDir),
          emit: (event) => context.emitProgress(event),
          operationId,
          signal: context.signal,
        },
      );
    },
    'provision.rollback': async (request, context) => {
      const svc = services();
      const setup = await setupCredentials(svc, request);
      const { config } = request;
      return rollbackProvisioning({
        s3: createS3Client(config, { ...setup, maxAttempts: 3 }),
        ...(config.provider === 'aws' ? { iam: createIamClient(config.region, { iamEndpoint: request.iamEndpoint }, resolveCredentialSource(setup)) } : {}),
        store: await journalStoreFor(svc, request.owner, config),
        installationId: installationId(svc.dataDir),
        keySink: createKeychainKeySink(svc.secrets),
        profile: request.owner,
        emit: (event) => context.emitProgress(event),
        operationId: context.operationId ?? 'rollback',
        signal: context.signal,
      });
    },
  };
}
