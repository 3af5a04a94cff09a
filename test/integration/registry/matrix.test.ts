import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { buildBundleContent } from '../../../electron/services/export/bundle-content';
import { storageConfigSchema } from '../../../shared/storage-config';
import { freePort } from '../../services/ports';
import { scrubbedEnv } from '../../services/registry';
import { issueServerCert, makeCa, type IssuedCert, type ThrowawayCa } from '../../services/tls-certs';
import { matrixCases, type MatrixCase } from './matrix-cases';
import { judgeByCheck, judgeByRegistry, writeBundleFiles } from './matrix-judges';
import { registryReason, renderMatrixDoc, type CaseOutcome } from './matrix-report';
import { ROOT_DIRECTORY, adminIam, createCaseStorage, removeCaseStorage } from './matrix-setup';

/**
 * THE DIFFERENTIAL PROOF of issue 13: in every storage situation of matrix-cases.ts, the app's `check`
 * and a real docker-registry 2.8 (configured from the app's own bundle) reach the same verdict.
 * VALIDATION_MATRIX_DOC=<path> also writes the table (scripts/validation-matrix.mjs does that), and
 * VALIDATION_MATRIX_JSON=<path> every verdict with its full evidence.
 */
const rgw = inject('rgw');
const run = promisify(execFile);
const suffix = randomBytes(3).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'matrix-'));
const mkimage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'registry', 'mkimage.sh');
const iam = adminIam(rgw);
const outcomes = new Map<string, CaseOutcome>();
const images = new Map<number, string>();
let registryCa: ThrowawayCa;
let registryCert: IssuedCert;
let wrongCa: ThrowawayCa;

/**
 * Cases where today's `check` and the registry disagree, with the side that is wrong. Each such case
 * asserts the disagreement itself, so fixing it makes the test fail until the entry is removed.
 */
const abortFalseFail =
  'false fail: the multipart probe ends with AbortMultipartUpload (denied, 403); the driver aborts only after a failed commit, so pushes work.';
const knownDisagreements: Record<string, string> = {
  'up-dtr-doc-bucket': `${abortFalseFail} (DTR's doc policy has no s3:AbortMultipartUpload.)`,
  'up-dtr-doc-scoped': `${abortFalseFail} (DTR's doc policy has no s3:AbortMultipartUpload.)`,
  'bp-dtr-doc-bucket': `${abortFalseFail} (DTR's doc policy has no s3:AbortMultipartUpload.)`,
  'bp-dtr-doc-scoped': `${abortFalseFail} (DTR's doc policy has no s3:AbortMultipartUpload.)`,
  'without-abortmultipartupload': abortFalseFail,
  'deny-abort': abortFalseFail,
  'without-getbucketlocation': 'false fail: the bucket-region probe fails on GetBucketLocation (403); the driver never calls it.',
  'up-union-aws-shape':
    'false pass: every blob commit ends in DeleteObjects, which RGW 16 refuses (403) without s3:DeleteObject on the bucket ARN; the check only sends DeleteObject (object-rw), which the object-ARN grant allows.',
  'client-ca-missing':
    'false pass: no probe fetches a presigned URL with the client\'s trust; the registry skips verification, so only Docker clients meet the storage certificate (x509 at the 307 target).',
  'client-ca-wrong': 'false pass: as client-ca-missing, with the wrong CA laid out for clients.',
  kms: 'false pass: the check sends no server-side-encryption headers and makes no CopyObject; RGW 16 answers CopyObject of an SSE-KMS object with 501 NotImplemented, so every blob commit fails.',
  'kms-unknown-key': 'false pass: the check sends no x-amz-server-side-encryption-aws-kms-key-id; RGW answers the driver\'s CreateMultipartUpload with 403 InvalidAccessKeyId (unknown KMS key).',
  'storageclass-refused': 'false pass: the check sends no x-amz-storage-class; RGW answers the driver\'s CreateMultipartUpload with 400 InvalidArgument.',
};

async function runCase(c: MatrixCase): Promise<CaseOutcome> {
  const dir = join(work, c.id);
  mkdirSync(dir, { recursive: true });
  const storage = await createCaseStorage(rgw, iam, c, suffix);
  try {
    const port = await freePort();
    const ca = { rgw: rgw.caPem, none: '', wrong: wrongCa.pem }[c.ca ?? 'rgw'];
    const config = storageConfigSchema.parse({
      provider: 's3-compatible',
      region: rgw.region,
      bucket: storage.bucket,
      regionendpoint: rgw.httpsEndpoint,
      forcepathstyle: true,
      secure: true,
      rootdirectory: `/${ROOT_DIRECTORY}`,
      ca,
      ...c.config,
    });
    const bundle = buildBundleContent({
      config,
      credentials: storage.keys,
      clientTrust: { dtrHost: `127.0.0.1:${port}`, mode: c.trust ?? 'ca', dtrCaPem: registryCa.pem },
      source: `matrix case ${c.id}`,
    });
    const bundleDir = writeBundleFiles(join(dir, 'bundle'), bundle);
    // The two judges touch different keys (probe objects vs docker/registry/v2), so they run at once.
    const [check, registry] = await Promise.all([
      judgeByCheck(bundle, join(dir, 'storage.json'), storage.keys),
      judgeByRegistry({
        name: c.id,
        dir,
        bundleDir,
        bundle,
        keys: storage.keys,
        addr: `127.0.0.1:${port}`,
        tls: { certPath: registryCert.certPath, keyPath: registryCert.keyPath, caPem: registryCa.pem },
        image: images.get(c.layerBytes ?? 0) as string,
      }),
    ]);
    return { case: c, check, registry, ...(knownDisagreements[c.id] ? { knownDisagreement: knownDisagreements[c.id] } : {}) };
  } finally {
    await removeCaseStorage(rgw, storage);
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  registryCa = await makeCa(join(work, 'pki'), 'registry');
  registryCert = await issueServerCert(join(work, 'pki'), 'registry-server', { ca: registryCa, sans: ['IP:127.0.0.1'] });
  wrongCa = await makeCa(join(work, 'pki'), 'wrong');
  for (const bytes of new Set(matrixCases.map((c) => c.layerBytes ?? 0))) {
    const layout = join(work, `image-${bytes}`);
    await run('bash', [mkimage, layout, String(bytes)], { env: scrubbedEnv(work), timeout: 60_000 });
    images.set(bytes, layout);
  }
}, 120_000);

afterAll(() => {
  iam.destroy();
  const dump = process.env.VALIDATION_MATRIX_JSON;
  if (dump) writeFileSync(dump, JSON.stringify([...outcomes.values()], (k, v) => (v instanceof RegExp ? String(v) : v), 2));
  const doc = process.env.VALIDATION_MATRIX_DOC;
  if (doc && outcomes.size === matrixCases.length) {
    const ordered = matrixCases.map((c) => outcomes.get(c.id) as CaseOutcome);
    writeFileSync(doc, renderMatrixDoc(ordered, { generatedAt: new Date().toISOString().slice(0, 10), registry: 'docker-registry 2.8.2 (Debian)', rgw: 'Ceph RGW 16.2 (Debian)' }));
  }
  rmSync(work, { recursive: true, force: true });
});

describe.concurrent('check agrees with a real registry on RGW', () => {
  it('has at least 24 storage situations, each with its own id', ({ expect }) => {
    expect(matrixCases.length).toBeGreaterThanOrEqual(24);
    expect(new Set(matrixCases.map((c) => c.id)).size).toBe(matrixCases.length);
  });

  for (const c of matrixCases) {
    it(`${c.id}: ${c.title}`, async ({ expect }) => {
      const outcome = await runCase(c);
      outcomes.set(c.id, outcome);
      const { check, registry } = outcome;
      const summary = `check: ${check.passed ? 'pass' : check.failures.join(', ')}; registry: ${registry.passed ? 'pass' : `${registry.failedAt} failed: ${registryReason(registry)}`}`;
      // The registry does what the case says, for the reason the case says (not a setup error).
      if (c.registry.verdict === 'pass') {
        expect(registry.passed, `${summary}\n${registry.evidence}`).toBe(true);
      } else {
        expect(registry.failedAt, `${summary}\n${registry.evidence}`).toBe(c.registry.stage);
        expect(registry.evidence).toMatch(c.registry.evidence);
      }
      if (knownDisagreements[c.id]) expect(check.passed, `known disagreement no longer seen: ${summary}`).not.toBe(registry.passed);
      else expect(check.passed, summary).toBe(registry.passed);
    });
  }
});
