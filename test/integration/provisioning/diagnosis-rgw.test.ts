import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { createIamClient, iamSite } from '../../../electron/services/provisioning/clients';
import { ensureUserPolicy, type IamDeps, type IamPlan } from '../../../electron/services/provisioning/iam';
import { JsonFileJournalStore, openJournal } from '../../../electron/services/provisioning/journal';
import { provisionIamUser, provisionStorage } from '../../../electron/services/provisioning/provision';
import type { StepContext } from '../../../electron/services/provisioning/steps';
import { createS3Client } from '../../../electron/services/s3-client';
import { AppError, type AppErrorData } from '../../../shared/app-error';
import type { ProbeId } from '../../../shared/checks';
import { createRegistryPolicy, type PolicyDocument } from '../../../shared/iam-policy';
import { storageConfigSchema, type StorageCredentials } from '../../../shared/storage-config';
import { freePort } from '../../services/ports';
import { radosgwAdmin } from '../../services/rgw';
import { createRgwUser } from '../../services/rgw-admin-api';

/**
 * Provisioning's failures carry the S3/IAM cause as the checks' diagnosis (one engine, the same words),
 * proved on the real Ceph RGW: its IAM user-policy API, a wrong secret, an unknown key, a refused port
 * and TLS with no CA. Nothing is mocked.
 */
const rgw = inject('rgw');
const admin: StorageCredentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
const dir = mkdtempSync(join(tmpdir(), 'diagnosis-rgw-'));
const uid = `diag-${randomUUID().slice(0, 8)}`;
let refusedEndpoint = '';
let plainUser: StorageCredentials;

beforeAll(async () => {
  // The admin ("tester") has the user-policy=* cap (start.sh); plainUser has none.
  await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`]);
  plainUser = await createRgwUser(rgw, `plain-${randomUUID().slice(0, 8)}`);
  refusedEndpoint = `http://127.0.0.1:${await freePort()}`; // nothing listens there
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wrongSecret = { ...admin, secretAccessKey: 'not-the-secret' };
const unknownKey = { accessKeyId: 'NOSUCHACCESSKEY', secretAccessKey: 'whatever' };
const configAt = (endpoint: string, bucket = `diag-${randomUUID().slice(0, 8)}`) =>
  storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: endpoint, forcepathstyle: true, secure: endpoint.startsWith('https:') });

async function contextFor(bucket: string, endpoint: string): Promise<StepContext> {
  const store = new JsonFileJournalStore(join(dir, `${randomUUID()}.json`));
  const journal = await openJournal(store, { bucket, region: rgw.region, endpoint }, 'test-installation-0000-0000-000000000000');
  return { operationId: 'diag', store, journal, emit: () => undefined };
}

const problem = (error: unknown): AppErrorData => {
  if (!(error instanceof AppError)) throw error;
  return { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) };
};
const failureOf = (run: () => Promise<unknown>) => run().then(() => { throw new Error('expected a failure'); }, problem);

/** The checks' diagnosis for the same endpoint and keys: the first failing probe of the given ones. */
async function checksSay(endpoint: string, credentials: StorageCredentials, only: ProbeId[]): Promise<AppErrorData> {
  const result = await runChecks(configAt(endpoint), credentials, { only, probeTimeoutMs: 15_000, deadlineMs: 30_000 });
  const failed = result.probes.find((p) => p.status === 'fail');
  if (!failed?.diagnosis) throw new Error(`the checks found nothing wrong: ${JSON.stringify(result.probes.map((p) => [p.id, p.status]))}`);
  return { code: failed.diagnosis.code, message: failed.diagnosis.message, fix: failed.diagnosis.fix };
}

function iamAt(endpoint: string, credentials: StorageCredentials, policy?: PolicyDocument): { deps: IamDeps; plan: IamPlan } {
  const endpoints = { iamEndpoint: endpoint };
  return {
    deps: {
      iam: createIamClient(rgw.region, endpoints, credentials),
      site: iamSite(rgw.region, endpoints),
      keySink: { saveRegistryKey: () => Promise.reject(new Error('no key expected')), loadRegistryKey: () => Promise.resolve(undefined) },
      whoAmI: () => Promise.resolve(undefined),
    },
    plan: {
      userName: uid,
      userPath: '/',
      tags: {},
      policyName: 'dtr-storage-diag',
      policyFor: (partition) => policy ?? createRegistryPolicy({ bucket: 'diag-images', partition: partition as 'aws', target: 'ceph-rgw' }),
      owner: 'diag',
      onKeyLimit: 'fail',
    },
  };
}

const putPolicy = async (endpoint: string, credentials: StorageCredentials, policy?: PolicyDocument, userName = uid) => {
  const { deps, plan } = iamAt(endpoint, credentials, policy);
  return ensureUserPolicy({ ...plan, userName }, 'aws', deps, await contextFor('iam', endpoint));
};

describe('provisioning failures carry the checks\' diagnosis (real RGW)', () => {
  const causes = [
    { cause: 'wrong secret', endpoint: () => rgw.httpEndpoint, keys: wrongSecret, probes: ['credentials'] as ProbeId[], code: 'SIGNATURE_MISMATCH' },
    { cause: 'unknown access key', endpoint: () => rgw.httpEndpoint, keys: unknownKey, probes: ['credentials'] as ProbeId[], code: 'UNKNOWN_ACCESS_KEY' },
    { cause: 'refused port', endpoint: () => refusedEndpoint, keys: admin, probes: ['tcp'] as ProbeId[], code: 'CONNECTION_REFUSED' },
    { cause: 'TLS with no CA', endpoint: () => rgw.httpsEndpoint, keys: admin, probes: ['tls'] as ProbeId[], code: 'TLS_UNKNOWN_CA' },
  ];

  for (const { cause, endpoint, keys, probes, code } of causes) {
    it(`${cause}: the bucket step and the IAM policy step say what the checks say (${code})`, async () => {
      const checks = await checksSay(endpoint(), keys, probes);
      expect(checks.code).toBe(code);
      const config = configAt(endpoint());
      const bucket = await failureOf(async () =>
        provisionStorage(
          { config, owner: 'diag' },
          { s3: createS3Client(config, { credentials: keys, maxAttempts: 1 }), store: new JsonFileJournalStore(join(dir, `${randomUUID()}.json`)), installationId: 'test-installation-0000-0000-000000000000', emit: () => undefined, operationId: 'diag' },
        ),
      );
      expect(bucket).toEqual(checks);
      const iam = await failureOf(() => putPolicy(endpoint(), keys));
      expect(iam).toEqual(checks);
    });
  }

  it('AccessDenied names the IAM action and the user', async () => {
    const denied = await failureOf(() => putPolicy(rgw.httpEndpoint, plainUser));
    expect(denied.code).toBe('ACCESS_DENIED');
    expect(denied.message).toContain(`iam:GetUserPolicy on the inline policy dtr-storage-diag of IAM user ${uid}`);
    expect(denied.fix).toContain('user-policy=*');
  });

  it('MalformedPolicyDocument: RGW refuses an unknown action, and the diagnosis says so', async () => {
    const bad = createRegistryPolicy({ bucket: 'diag-images', target: 'ceph-rgw' });
    const broken = JSON.parse(JSON.stringify(bad).replace('s3:GetObject"', 's3:GetObjectz"')) as PolicyDocument;
    const malformed = await failureOf(() => putPolicy(rgw.httpEndpoint, admin, broken));
    expect(malformed).toMatchObject({ code: 'IAM_POLICY_MALFORMED', message: expect.stringContaining('PutUserPolicy was refused') });
  });

  it('NoSuchEntity: a user that does not exist', async () => {
    const missing = await failureOf(() => putPolicy(rgw.httpEndpoint, admin, undefined, `gone-${randomUUID().slice(0, 8)}`));
    expect(missing).toMatchObject({ code: 'IAM_NO_SUCH_ENTITY', message: expect.stringContaining('PutUserPolicy found no IAM user gone-') });
  });

  it('an endpoint without the user API (RGW 16: GetUser answers 405) is named as such', async () => {
    const { deps, plan } = iamAt(rgw.httpEndpoint, admin);
    const unsupported = await failureOf(async () => provisionIamUser({ config: configAt(rgw.httpEndpoint), owner: 'diag', iamUser: plan.userName }, deps, await contextFor('iam', rgw.httpEndpoint)));
    expect(unsupported).toMatchObject({ code: 'IAM_NOT_SUPPORTED', message: `${rgw.httpEndpoint} does not offer IAM GetUser (MethodNotAllowed, HTTP 405). Ceph RGW 16 offers only user policies, MinIO none of this API.` });
  });

  it('with RGW\'s error shape read, the inline-policy step works there: created, then unchanged', async () => {
    const first = await putPolicy(rgw.httpEndpoint, admin);
    expect(first.outcome).toBe('created');
    const again = await putPolicy(rgw.httpEndpoint, admin);
    expect(again.outcome).toBe('unchanged');
  });
});
