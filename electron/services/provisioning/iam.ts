import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
  type AccessKeyMetadata,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { keyLimitChoices } from '../../../shared/choices';
import { installationTag } from './ownership';
import { AppError } from '../../../shared/app-error';
import type { PolicyDocument } from '../../../shared/iam-policy';
import { createdEarlier, record } from './journal';
import { awsIamSite, iamError, type IamCall, type IamSite } from './iam-failure';
import { announce, awsErrorName, finish, type StepContext, type StepResult } from './steps';

export interface RegistryKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where the registry user's new key goes: the keychain in the app and the CLI. Never a file or a log. */
export interface RegistryKeySink {
  /** Store the key; returns a description of where it went (e.g. the keychain account), never the secret. */
  saveRegistryKey(owner: string, key: RegistryKey): Promise<string>;
  loadRegistryKey(owner: string): Promise<RegistryKey | undefined>;
  /** Forget the stored key (rollback deleted it in IAM). */
  forgetRegistryKey?(owner: string, accessKeyId: string): Promise<void>;
}

/** What to do when the user already has IAM's maximum of two access keys and a new one is needed. */
export { keyLimitChoices };
export type KeyLimitChoice = (typeof keyLimitChoices)[number];
export const IAM_MAX_KEYS_PER_USER = 2;

export interface IamPlan {
  userName: string;
  userPath: string;
  tags: Record<string, string>;
  policyName: string;
  /** Built once the partition is known (from the user's ARN). */
  policyFor(partition: string): PolicyDocument;
  owner: string;
  onKeyLimit: KeyLimitChoice;
}

export interface IamDeps {
  iam: IAMClient;
  keySink: RegistryKeySink;
  /**
   * The ARN a key authenticates as (STS GetCallerIdentity with that key), or undefined when the key does
   * not work. Throws when the endpoint offers no way to tell.
   */
  whoAmI(key: RegistryKey): Promise<string | undefined>;
  /** Where the IAM client goes, for diagnoses (default: AWS IAM). */
  site?: IamSite;
}

/** One IAM call's description for its diagnosis: the operation, the action it needs, and the step's own problem. */
const call = (plan: IamPlan, operation: string, failed: IamCall['failed'], policy = false): IamCall => ({
  operation,
  action: `iam:${operation}`,
  userName: plan.userName,
  ...(policy ? { policyName: plan.policyName } : {}),
  failed,
});

const isNoSuchEntity = (error: unknown) => awsErrorName(error) === 'NoSuchEntity';

export async function ensureUser(plan: IamPlan, deps: IamDeps, context: StepContext): Promise<StepResult & { arn: string }> {
  announce(context, 'iam-user', `Looking for IAM user ${plan.userName}`);
  const ours = createdEarlier(context.journal, 'iam-user');
  const found = await deps.iam.send(new GetUserCommand({ UserName: plan.userName })).then(
    (r) => r.User,
    (error: unknown) => {
      if (isNoSuchEntity(error)) return undefined;
      throw iamError(error, call(plan, 'GetUser', { code: 'IAM_USER_LOOKUP_FAILED', message: `Could not look up IAM user ${plan.userName}.` }), deps.site ?? awsIamSite(''));
    },
  );
  if (found?.Arn) {
    await record(context.store, context.journal, 'iam-user', { phase: 'done', outcome: ours ? 'created' : 'adopted', createdByUs: ours, userArn: found.Arn });
    return { ...finish(context, { step: 'iam-user', outcome: 'adopted', message: `IAM user ${plan.userName} exists: adopted` }), arn: found.Arn };
  }
  await record(context.store, context.journal, 'iam-user', { phase: 'intent', createdByUs: true });
  const created = await deps.iam
    .send(
      new CreateUserCommand({
        UserName: plan.userName,
        Path: plan.userPath,
        // The installation tag is rollback's proof that this installation created the user.
        Tags: Object.entries({ ...plan.tags, ...installationTag(context.journal) }).map(([Key, Value]) => ({ Key, Value })),
      }),
    )
    .catch(async (error: unknown) => {
      // created meanwhile (by an earlier attempt whose answer was lost, or concurrently): ours per the intent
      if (awsErrorName(error) === 'EntityAlreadyExists') return deps.iam.send(new GetUserCommand({ UserName: plan.userName }));
      throw iamError(error, call(plan, 'CreateUser', { code: 'IAM_USER_CREATE_FAILED', message: `Could not create IAM user ${plan.userName}.` }), deps.site ?? awsIamSite(''));
    });
  const arn = created.User?.Arn ?? '';
  await record(context.store, context.journal, 'iam-user', { phase: 'done', outcome: 'created', createdByUs: true, userArn: arn });
  return { ...finish(context, { step: 'iam-user', outcome: 'created', message: `Created IAM user ${plan.userName} (path ${plan.userPath})` }), arn };
}

/** Key order and single-string-vs-array differences must not count as "differs". */
function canonicalPolicy(document: unknown): string {
  const normalise = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(normalise);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, ['Action', 'Resource'].includes(key) && typeof inner === 'string' ? [inner] : normalise(inner)]),
      );
    }
    return value;
  };
  return JSON.stringify(normalise(document));
}

export async function ensureUserPolicy(plan: IamPlan, partition: string, deps: IamDeps, context: StepContext): Promise<StepResult> {
  announce(context, 'iam-policy', `Checking inline policy ${plan.policyName}`);
  const wanted = plan.policyFor(partition);
  const ours = createdEarlier(context.journal, 'iam-policy');
  const current = await deps.iam.send(new GetUserPolicyCommand({ UserName: plan.userName, PolicyName: plan.policyName })).then(
    (r) => (r.PolicyDocument ? (JSON.parse(decodeURIComponent(r.PolicyDocument)) as unknown) : undefined),
    (error: unknown) => {
      if (isNoSuchEntity(error)) return undefined;
      throw iamError(error, call(plan, 'GetUserPolicy', { code: 'IAM_POLICY_LOOKUP_FAILED', message: `Could not read inline policy ${plan.policyName}.` }, true), deps.site ?? awsIamSite(''));
    },
  );
  if (current !== undefined && canonicalPolicy(current) === canonicalPolicy(wanted)) {
    await record(context.store, context.journal, 'iam-policy', { phase: 'done', outcome: ours ? 'created' : 'unchanged', createdByUs: ours });
    return finish(context, { step: 'iam-policy', outcome: 'unchanged', message: `Inline policy ${plan.policyName} is already up to date` });
  }
  if (current === undefined) await record(context.store, context.journal, 'iam-policy', { phase: 'intent', createdByUs: true });
  await deps.iam
    .send(new PutUserPolicyCommand({ UserName: plan.userName, PolicyName: plan.policyName, PolicyDocument: JSON.stringify(wanted) }))
    .catch((error: unknown) => {
      throw iamError(error, call(plan, 'PutUserPolicy', { code: 'IAM_POLICY_PUT_FAILED', message: `Could not write inline policy ${plan.policyName}.` }, true), deps.site ?? awsIamSite(''));
    });
  const outcome = current === undefined ? 'created' : 'updated';
  await record(context.store, context.journal, 'iam-policy', { phase: 'done', outcome, createdByUs: ours || current === undefined });
  return finish(context, {
    step: 'iam-policy',
    outcome,
    message: current === undefined ? `Attached inline policy ${plan.policyName}` : `Updated inline policy ${plan.policyName} (it differed)`,
  });
}

export async function ensureAccessKey(
  plan: IamPlan,
  userArn: string,
  deps: IamDeps,
  context: StepContext,
): Promise<StepResult & { accessKeyId: string; storedAt?: string }> {
  announce(context, 'access-key', `Checking access keys of ${plan.userName}`);
  let keys = await listKeys(plan, deps);
  const stored = await deps.keySink.loadRegistryKey(plan.owner);
  const intent = context.journal.steps['access-key'];

  if (intent?.phase === 'intent') {
    // We crashed between CreateAccessKey and the journal entry. Keys that appeared since are ours; keep
    // the one whose secret reached the keychain, delete those whose secret was lost.
    const before = new Set(intent.keysBefore ?? []);
    const appeared = keys.map((k) => k.AccessKeyId ?? '').filter((id) => id && !before.has(id));
    for (const id of appeared) {
      if (id === stored?.accessKeyId) {
        context.journal.createdKeyIds = [...new Set([...context.journal.createdKeyIds, id])];
        continue;
      }
      await deleteKey(plan, deps, id);
      context.journal.createdKeyIds = context.journal.createdKeyIds.filter((known) => known !== id);
    }
    keys = await listKeys(plan, deps);
  }

  const storedInIam = stored && keys.find((k) => k.AccessKeyId === stored.accessKeyId && k.Status === 'Active');
  if (stored && storedInIam) {
    // Why STS could not tell (an error name such as NotImplemented or TimeoutError: never its message).
    let unconfirmed = '';
    const verdict = await deps.whoAmI(stored).then(
      (arn) => (arn === userArn ? 'works' : 'broken'),
      (error: unknown) => {
        unconfirmed = awsErrorName(error).slice(0, 60) || 'no answer';
        return 'unknown' as const;
      },
    );
    if (verdict !== 'broken') {
      const ours = context.journal.createdKeyIds.includes(stored.accessKeyId);
      await record(context.store, context.journal, 'access-key', { phase: 'done', outcome: ours ? 'created' : 'unchanged', createdByUs: ours, accessKeyId: stored.accessKeyId });
      const how = verdict === 'works' ? 'works' : `is active in IAM (STS GetCallerIdentity could not confirm it signs in: ${unconfirmed})`;
      return { ...finish(context, { step: 'access-key', outcome: 'unchanged', message: `The stored key ${stored.accessKeyId} ${how}: no new key` }), accessKeyId: stored.accessKeyId };
    }
  }

  if (keys.length >= IAM_MAX_KEYS_PER_USER) keys = await makeRoom(plan, deps, context, keys);

  await record(context.store, context.journal, 'access-key', {
    phase: 'intent',
    createdByUs: true,
    keysBefore: keys.map((k) => k.AccessKeyId ?? ''),
  });
  const created = await deps.iam.send(new CreateAccessKeyCommand({ UserName: plan.userName })).catch((error: unknown) => {
    throw iamError(error, call(plan, 'CreateAccessKey', { code: 'IAM_KEY_CREATE_FAILED', message: `Could not create an access key for ${plan.userName}.` }), deps.site ?? awsIamSite(''));
  });
  const accessKeyId = created.AccessKey?.AccessKeyId ?? '';
  const secretAccessKey = created.AccessKey?.SecretAccessKey ?? '';
  // The secret goes straight to the sink; only its id is journaled.
  const storedAt = await deps.keySink.saveRegistryKey(plan.owner, { accessKeyId, secretAccessKey });
  context.journal.createdKeyIds = [...new Set([...context.journal.createdKeyIds, accessKeyId])];
  await record(context.store, context.journal, 'access-key', { phase: 'done', outcome: 'created', createdByUs: true, accessKeyId });
  return {
    ...finish(context, { step: 'access-key', outcome: 'created', message: `Created access key ${accessKeyId}; stored in ${storedAt}` }),
    accessKeyId,
    storedAt,
  };
}

async function listKeys(plan: IamPlan, deps: IamDeps): Promise<AccessKeyMetadata[]> {
  const listed = await deps.iam.send(new ListAccessKeysCommand({ UserName: plan.userName })).catch((error: unknown) => {
    throw iamError(error, call(plan, 'ListAccessKeys', { code: 'IAM_KEY_LIST_FAILED', message: `Could not list the access keys of ${plan.userName}.` }), deps.site ?? awsIamSite(''));
  });
  return listed.AccessKeyMetadata ?? [];
}

async function deleteKey(plan: IamPlan, deps: IamDeps, accessKeyId: string): Promise<void> {
  await deps.iam.send(new DeleteAccessKeyCommand({ UserName: plan.userName, AccessKeyId: accessKeyId })).catch((error: unknown) => {
    if (!isNoSuchEntity(error)) throw iamError(error, call(plan, 'DeleteAccessKey', { code: 'IAM_KEY_DELETE_FAILED', message: `Could not delete access key ${accessKeyId}.` }), deps.site ?? awsIamSite(''));
  });
}

/** IAM allows two keys per user. Delete one only when the admin chose so; otherwise explain the choice. */
async function makeRoom(plan: IamPlan, deps: IamDeps, context: StepContext, keys: AccessKeyMetadata[]): Promise<AccessKeyMetadata[]> {
  const byAge = [...keys].sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0));
  const victim =
    plan.onKeyLimit === 'delete-oldest-inactive'
      ? byAge.find((k) => k.Status === 'Inactive')
      : plan.onKeyLimit === 'delete-oldest'
        ? (byAge.find((k) => k.Status === 'Inactive') ?? byAge[0])
        : undefined;
  if (!victim?.AccessKeyId) {
    const listing = byAge.map((k) => `${k.AccessKeyId} (${k.Status}, created ${k.CreateDate?.toISOString().slice(0, 10) ?? '?'})`).join(', ');
    throw new AppError({
      code: 'IAM_KEY_LIMIT',
      message: `IAM user ${plan.userName} already has ${keys.length} access keys (IAM allows ${IAM_MAX_KEYS_PER_USER}) and none of them is the working key stored for this profile: ${listing}.`,
      fix:
        plan.onKeyLimit === 'delete-oldest-inactive'
          ? 'None of them is inactive. Deactivate or delete one in IAM, or choose "delete the oldest key".'
          : 'Choose "delete the oldest inactive key" (--on-key-limit delete-oldest-inactive) or "delete the oldest key" (delete-oldest), or delete one in IAM yourself.',
    });
  }
  await deleteKey(plan, deps, victim.AccessKeyId);
  const wasOurs = context.journal.createdKeyIds.includes(victim.AccessKeyId);
  context.journal.createdKeyIds = context.journal.createdKeyIds.filter((id) => id !== victim.AccessKeyId);
  if (!wasOurs) context.journal.deletedKeyIds = [...context.journal.deletedKeyIds, victim.AccessKeyId];
  await context.store.save(context.journal);
  context.emit({ operationId: context.operationId, step: 'access-key', status: 'running', message: `Deleted ${victim.Status?.toLowerCase()} key ${victim.AccessKeyId} to stay within IAM's limit of two` });
  return keys.filter((k) => k.AccessKeyId !== victim.AccessKeyId);
}
