import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/app-error';
import type { ProgressEvent } from '../../../shared/contract';
import { WIZARD_DRAFT_OWNER, profileNameSchema } from '../../../shared/profile';
import type { Provider, StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import type { ProfileServices } from '../profiles';
import { ProfileJournalStore } from '../profiles/profile-journal-store';
import { createS3Client, signingCredentials } from '../s3-client';
import { createIamClient, createWhoAmI, iamSite, type IamEndpoints } from './clients';
import { installationNotices, openInstallation } from './installation';
import { JsonFileJournalStore, draftJournalPath, type JournalStore } from './journal';
import { createKeychainKeySink } from './keychain-key-sink';
import { provisionStorage, type ProvisionOptions, type ProvisionResult } from './provision';
import { rollbackProvisioning, type RollbackResult } from './rollback';

/**
 * Provisioning's wiring, built in one place for every door (IPC handlers, CLI provision and rollback):
 * which keys sign the setup calls, where the journal lives, which keychain owner receives the registry
 * key, and which installation id proves ownership. Adapters only say what they were asked.
 */

/** Who signs the setup calls (the keySource): the owner's 'setup' keys from the keychain, or the AWS SDK chain (optionally a named AWS profile of ~/.aws/config). */
export type SetupKeySource = { from: 'keychain' } | { from: 'aws-chain'; awsProfile?: string };

export interface ProvisioningTarget {
  config: StorageConfig;
  /** The keychain owner: receives the registry key; a saved profile of that name also holds the journal. */
  owner: string;
  setup: SetupKeySource;
  endpoints?: IamEndpoints;
  /** The journal file the caller names (the CLI's --journal). */
  journalFile?: string;
  /** The config file the CLI read: its journal sits next to it, so rollback finds it from the same --config. */
  configFile?: string;
}

export interface RunHooks {
  emit: (event: ProgressEvent) => void;
  operationId?: string;
  signal?: AbortSignal;
}

export type ProvisionChoices = Omit<ProvisionOptions, 'config' | 'owner'>;

/** The installation id that proves ownership, and what to say if the settings file holding it was moved aside. */
function installationDeps(dataDir: string): { installationId: string; notices: string[]; idRenewed: boolean } {
  const installation = openInstallation(dataDir);
  return { installationId: installation.id, notices: installationNotices(installation), idRenewed: installation.renewed };
}

/** The CLI's journal next to its config file. */
export const configJournalPath = (configPath: string) => `${configPath}.provision-journal.json`;

/**
 * The one journal-location rule: a file the caller names; else next to the config file it read; else
 * inside the saved profile the owner names (it travels and is deleted with it); else, for the wizard's
 * draft (no profile yet), a file per endpoint and bucket in the data directory that saving moves into the profile.
 */
export async function journalStoreFor(
  services: Pick<ProfileServices, 'dataDir' | 'profiles'>,
  target: { owner: string; config: { bucket: string; regionendpoint: string; provider: Provider }; journalFile?: string; configFile?: string },
): Promise<JournalStore> {
  if (target.journalFile) return new JsonFileJournalStore(target.journalFile);
  if (target.configFile) return new JsonFileJournalStore(configJournalPath(target.configFile));
  if (target.owner !== WIZARD_DRAFT_OWNER && (await services.profiles.exists(target.owner))) return new ProfileJournalStore(services.profiles, target.owner);
  return new JsonFileJournalStore(draftJournalPath(services.dataDir, target.config));
}

/** The CLI's keychain owner of the registry key: the one named (--key-owner), else the bucket (a valid profile name). */
export function provisioningOwner(config: StorageConfig, keyOwner: string | undefined): string {
  const name = keyOwner ?? config.bucket;
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError({ code: 'PROFILE_NAME_INVALID', message: `"${name}" cannot name a profile: ${parsed.error.issues[0]?.message ?? 'invalid'}`, fix: 'Pass --key-owner NAME.' });
  }
  return parsed.data;
}

async function setupKeys(services: Pick<ProfileServices, 'secrets'>, owner: string, setup: SetupKeySource): Promise<{ credentials?: StorageCredentials; awsProfile?: string }> {
  if (setup.from === 'aws-chain') return setup.awsProfile ? { awsProfile: setup.awsProfile } : {};
  const credentials = await services.secrets.getCredentials(owner, 'setup');
  if (!credentials) {
    throw new AppError({
      code: 'SETUP_CREDENTIALS_MISSING',
      message: 'No setup (administrator) keys are stored for this profile.',
      fix: 'Enter the setup keys in the wizard, or choose "use the AWS credential chain".',
    });
  }
  return { credentials };
}

export interface ProvisioningService {
  provision(target: ProvisioningTarget, choices: ProvisionChoices, hooks: RunHooks): Promise<ProvisionResult>;
  rollback(target: ProvisioningTarget, hooks: RunHooks): Promise<RollbackResult>;
}

/** Provisioning on these profile services (data directory, keychain, saved profiles). */
export function createProvisioningService(services: Pick<ProfileServices, 'dataDir' | 'secrets' | 'profiles'>): ProvisioningService {
  return {
    async provision(target, choices, hooks) {
      const { config, owner } = target;
      const setup = await setupKeys(services, owner, target.setup);
      const endpoints = target.endpoints ?? {};
      return provisionStorage(
        { ...choices, config, owner },
        {
          s3: createS3Client(config, { ...setup, maxAttempts: 3 }),
          ...(config.provider === 'aws'
            ? {
                iam: {
                  iam: createIamClient(config.region, endpoints, signingCredentials(setup)),
                  keySink: createKeychainKeySink(services.secrets),
                  whoAmI: createWhoAmI(config.region, endpoints),
                  site: iamSite(config.region, endpoints),
                },
              }
            : {}),
          store: await journalStoreFor(services, target),
          ...installationDeps(services.dataDir),
          emit: hooks.emit,
          operationId: hooks.operationId ?? randomUUID(),
          ...(hooks.signal ? { signal: hooks.signal } : {}),
        },
      );
    },
    async rollback(target, hooks) {
      const { config, owner } = target;
      const setup = await setupKeys(services, owner, target.setup);
      return rollbackProvisioning({
        s3: createS3Client(config, { ...setup, maxAttempts: 3 }),
        ...(config.provider === 'aws'
          ? { iam: createIamClient(config.region, { iamEndpoint: target.endpoints?.iamEndpoint }, signingCredentials(setup)), iamSite: iamSite(config.region, target.endpoints ?? {}) }
          : {}),
        store: await journalStoreFor(services, target),
        ...installationDeps(services.dataDir),
        keySink: createKeychainKeySink(services.secrets),
        owner,
        emit: hooks.emit,
        operationId: hooks.operationId ?? randomUUID(),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      });
    },
  };
}
