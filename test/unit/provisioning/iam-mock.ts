import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteConflictException,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  LimitExceededException,
  ListAccessKeysCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { RegistryKey, RegistryKeySink } from '../../../electron/services/provisioning/iam';

/**
 * IAM is the one service mocked (no IAM emulator is installable here). This mock keeps state like IAM
 * does (users, inline policies, two keys per user) so sequences, resumes and rollbacks can be checked
 * against what would exist afterwards. SimulatePrincipalPolicy evaluates the stored inline policy with
 * an independent evaluator (@cloud-copilot/iam-simulate), plus an optional extra Deny (an SCP stand-in).
 */
export interface MockKey {
  id: string;
  secret: string;
  status: 'Active' | 'Inactive';
  created: Date;
}
export interface MockUser {
  arn: string;
  path: string;
  tags: Record<string, string>;
  policies: Map<string, string>;
  keys: MockKey[];
}

const meta = { $metadata: { httpStatusCode: 400 } };
const noSuchEntity = (what: string) => new NoSuchEntityException({ message: `${what} cannot be found.`, ...meta });

export interface IamMockOptions {
  partition?: string;
  account?: string;
  simulation?: 'evaluate' | 'unsupported';
  /** Extra statements that deny, as an SCP or permissions boundary would. */
  extraDeny?: Record<string, unknown>;
  /** The first n simulations do not see the inline policies yet (IAM's eventual consistency). */
  simulationLag?: number;
}

export function createIamMock(options: IamMockOptions = {}) {
  const partition = options.partition ?? 'aws';
  const account = options.account ?? '123456789012';
  const client = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' } });
  const mock = mockClient(client);
  const users = new Map<string, MockUser>();
  /** Names of every call made, in order (reads and failed calls included). */
  const calls: string[] = [];
  let keyCounter = 0;
  let simulations = 0;
  /** Throw right after the n-th call took effect: the process "dies" before it learns the result. */
  let crashAfter: number | undefined;

  const user = (name: string) => {
    const found = users.get(name);
    if (!found) throw noSuchEntity(`The user with name ${name}`);
    return found;
  };
  function handle<I, O>(name: string, work: (input: I) => O | Promise<O>) {
    return async (input: I): Promise<O> => {
      try {
        return await work(input);
      } finally {
        calls.push(name);
        // eslint-disable-next-line no-unsafe-finally -- the crash replaces whatever the call answered
        if (crashAfter !== undefined && calls.length === crashAfter) throw new Error('simulated crash');
      }
    };
  }
  const addUser = (name: string, path = '/', tags: Record<string, string> = {}) => {
    const created: MockUser = { arn: `arn:${partition}:iam::${account}:user${path}${name}`, path, tags, policies: new Map(), keys: [] };
    users.set(name, created);
    return created;
  };
  const addKey = (name: string, status: MockKey['status'] = 'Active', created = new Date()) => {
    const target = user(name);
    if (target.keys.length >= 2) throw new LimitExceededException({ message: 'Cannot exceed quota for AccessKeysPerUser: 2', ...meta });
    keyCounter += 1;
    const key: MockKey = { id: `AKIAMOCK${String(keyCounter).padStart(8, '0')}`, secret: `secret-${keyCounter}-${Math.random()}`, status, created };
    target.keys.push(key);
    return key;
  };

  mock.on(GetUserCommand).callsFake(
    handle('GetUser', (i: { UserName: string }) => {
      const found = user(i.UserName);
      return { User: { UserName: i.UserName, Arn: found.arn, Tags: Object.entries(found.tags).map(([Key, Value]) => ({ Key, Value })) } };
    }),
  );
  mock.on(CreateUserCommand).callsFake(
    handle('CreateUser', (i: { UserName: string; Path?: string; Tags?: Array<{ Key: string; Value: string }> }) => {
      if (users.has(i.UserName)) throw new EntityAlreadyExistsException({ message: `User with name ${i.UserName} already exists.`, ...meta });
      const tags = Object.fromEntries((i.Tags ?? []).map((t) => [t.Key, t.Value]));
      return { User: { UserName: i.UserName, Arn: addUser(i.UserName, i.Path ?? '/', tags).arn } };
    }),
  );
  mock.on(DeleteUserCommand).callsFake(
    handle('DeleteUser', (i: { UserName: string }) => {
      const target = user(i.UserName);
      if (target.keys.length || target.policies.size) throw new DeleteConflictException({ message: 'Cannot delete entity, must delete policies first.', ...meta });
      users.delete(i.UserName);
      return {};
    }),
  );
  mock.on(GetUserPolicyCommand).callsFake(
    handle('GetUserPolicy', (i: { UserName: string; PolicyName: string }) => {
      const document = user(i.UserName).policies.get(i.PolicyName);
      if (!document) throw noSuchEntity(`The user policy with name ${i.PolicyName}`);
      // IAM returns the document URL-encoded
      return { UserName: i.UserName, PolicyName: i.PolicyName, PolicyDocument: encodeURIComponent(document) };
    }),
  );
  mock.on(PutUserPolicyCommand).callsFake(
    handle('PutUserPolicy', (i: { UserName: string; PolicyName: string; PolicyDocument: string }) => {
      user(i.UserName).policies.set(i.PolicyName, i.PolicyDocument);
      return {};
    }),
  );
  mock.on(DeleteUserPolicyCommand).callsFake(
    handle('DeleteUserPolicy', (i: { UserName: string; PolicyName: string }) => {
      if (!user(i.UserName).policies.delete(i.PolicyName)) throw noSuchEntity(`The user policy with name ${i.PolicyName}`);
      return {};
    }),
  );
  mock.on(ListAccessKeysCommand).callsFake(
    handle('ListAccessKeys', (i: { UserName: string }) => ({
      AccessKeyMetadata: user(i.UserName).keys.map((k) => ({ UserName: i.UserName, AccessKeyId: k.id, Status: k.status, CreateDate: k.created })),
    })),
  );
  mock.on(CreateAccessKeyCommand).callsFake(
    handle('CreateAccessKey', (i: { UserName: string }) => {
      const key = addKey(i.UserName);
      return { AccessKey: { UserName: i.UserName, AccessKeyId: key.id, SecretAccessKey: key.secret, Status: 'Active' } };
    }),
  );
  mock.on(DeleteAccessKeyCommand).callsFake(
    handle('DeleteAccessKey', (i: { UserName: string; AccessKeyId: string }) => {
      const target = user(i.UserName);
      const before = target.keys.length;
      target.keys = target.keys.filter((k) => k.id !== i.AccessKeyId);
      if (target.keys.length === before) throw noSuchEntity(`The Access Key with id ${i.AccessKeyId}`);
      return {};
    }),
  );
  mock.on(SimulatePrincipalPolicyCommand).callsFake(
    handle(
      'SimulatePrincipalPolicy',
      async (i: { PolicySourceArn: string; ActionNames: string[]; ResourceArns: string[]; ContextEntries?: Array<{ ContextKeyName: string; ContextKeyValues: string[] }> }) => {
        if (options.simulation === 'unsupported') {
          throw Object.assign(new Error('Unknown action'), { name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
        }
        const target = [...users.values()].find((u) => u.arn === i.PolicySourceArn);
        if (!target) throw noSuchEntity(`The principal ${i.PolicySourceArn}`);
        simulations += 1;
        const visible = simulations > (options.simulationLag ?? 0) ? [...target.policies] : [];
        const policies = visible.map(([name, doc]) => ({ name, policy: JSON.parse(doc) as Record<string, unknown> }));
        if (options.extraDeny) policies.push({ name: 'deny', policy: { Version: '2012-10-17', Statement: [options.extraDeny] } });
        const context = Object.fromEntries((i.ContextEntries ?? []).map((e) => [e.ContextKeyName, e.ContextKeyValues[0] ?? '']));
        const EvaluationResults = [];
        for (const action of i.ActionNames) {
          const resource = i.ResourceArns[0] ?? '*';
          const response = await runSimulation(
            {
              identityPolicies: policies,
              serviceControlPolicies: [],
              resourceControlPolicies: [],
              // SimulatePrincipalPolicy without a ResourcePolicy judges the identity policies alone; KMS in the
              // evaluator always needs a key policy, so the default one (IAM may grant) stands in for it.
              ...(action.startsWith('kms:') ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] } } : {}),
              request: { action, principal: i.PolicySourceArn, resource: { accountId: account, resource }, contextVariables: context },
            },
            {},
          );
          if (response.resultType === 'error') throw new Error(`simulation input rejected: ${JSON.stringify(response.errors)}`);
          const decision =
            response.overallResult === 'Allowed' ? 'allowed' : response.overallResult === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny';
          EvaluationResults.push({ EvalActionName: action, EvalResourceName: resource, EvalDecision: decision });
        }
        return { EvaluationResults, IsTruncated: false };
      },
    ),
  );

  /** STS GetCallerIdentity for a registry key, answered from the same state. */
  const whoAmI = async (key: RegistryKey) => {
    for (const u of users.values()) {
      if (u.keys.some((k) => k.id === key.accessKeyId && k.secret === key.secretAccessKey && k.status === 'Active')) return u.arn;
    }
    return undefined;
  };

  return {
    client,
    mock,
    users,
    calls,
    whoAmI,
    addUser,
    addKey,
    crashAfterCall(n: number | undefined) {
      crashAfter = n === undefined ? undefined : calls.length + n;
    },
    mutations: () => calls.filter((c) => /^(Create|Put|Delete)/.test(c)),
  };
}

/** The keychain stand-in for unit tests (the real keychain store is exercised in integration tests). */
export function createMemoryKeySink(): RegistryKeySink & { entries: Map<string, RegistryKey> } {
  const entries = new Map<string, RegistryKey>();
  return {
    entries,
    async saveRegistryKey(profile, key) {
      entries.set(profile, key);
      return `memory:${profile}`;
    },
    async loadRegistryKey(profile) {
      return entries.get(profile);
    },
    async forgetRegistryKey(profile, accessKeyId) {
      if (entries.get(profile)?.accessKeyId === accessKeyId) entries.delete(profile);
    },
  };
}
