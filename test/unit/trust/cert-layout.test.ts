import { describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import {
  applyTrustChoice,
  bundlePaths,
  certsDirName,
  planClientTrust,
  trustChoiceConsequences,
  windowsCertsDirName,
} from '../../../shared/trust/cert-layout';

const STORAGE_CA = '-----BEGIN CERTIFICATE-----\nU1RPUkFHRQ==\n-----END CERTIFICATE-----';
const DTR_CA = '-----BEGIN CERTIFICATE-----\nRFRS\n-----END CERTIFICATE-----';

const config = storageConfigSchema.parse({
  provider: 's3-compatible',
  region: 'us-east-1',
  bucket: 'registry',
  regionendpoint: 'https://s3.internal.example:9000',
  forcepathstyle: true,
  ca: STORAGE_CA,
});

describe('certsDirName', () => {
  it.each([
    ['dtr.example.com', 'dtr.example.com'],
    ['DTR.Example.com:443', 'dtr.example.com'],
    ['dtr.example.com:4443', 'dtr.example.com:4443'],
    ['10.0.0.5:5000', '10.0.0.5:5000'],
    ['[::1]:5000', '[::1]:5000'],
  ])('%s -> %s', (input, dir) => expect(certsDirName(input)).toBe(dir));

  it.each(['', 'dtr example', 'dtr.example.com:0', 'dtr.example.com:70000', 'a:b:c', 'https://dtr.example.com:443/'])('rejects %j', (input) => {
    expect(() => certsDirName(input)).toThrow(/not a DTR host/);
  });
});

describe('planClientTrust', () => {
  it("'ca': DTR CA as ca.crt, storage CA as an extra .crt in the SAME DTR directory, and an OS-store copy", () => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com:4443', mode: 'ca', dtrCaPem: DTR_CA });
    expect(plan.files.map((f) => f.bundlePath)).toEqual([
      'docker/certs.d/dtr.example.com:4443/ca.crt',
      'trust/dtr-ca.crt',
      'docker/certs.d/dtr.example.com:4443/storage-ca.crt',
      'trust/storage-ca.crt',
    ]);
    expect(plan.files[0]?.content).toBe(`${DTR_CA}\n`);
    expect(plan.files[2]?.content).toBe(`${STORAGE_CA}\n`);
    expect(windowsCertsDirName(plan.certsDir)).toBe('dtr.example.com4443');
    // never a directory named after the storage host: Docker ignores it for redirected downloads
    expect(plan.files.some((f) => f.bundlePath.includes('s3.internal.example'))).toBe(false);
    expect(plan.insecureRegistries).toEqual([]);
    expect(plan.installStorageCaInOsStore).toBe(true);
  });

  it("'ca' on port 443 leaves the port out of the directory", () => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com:443', mode: 'ca' });
    expect(plan.certsDir).toBe('dtr.example.com');
    expect(plan.files[0]?.bundlePath).toBe(bundlePaths.storageCaForDocker('dtr.example.com'));
  });

  it("'ca' without a storage CA on a custom endpoint warns about x509 errors on pull", () => {
    const plan = planClientTrust({ config: { ...config, ca: '' }, dtrHost: 'dtr.example.com', mode: 'ca' });
    expect(plan.files).toEqual([]);
    expect(plan.warnings.join(' ')).toMatch(/x509: certificate signed by unknown authority/);
  });

  it("'insecure-registry': a daemon.json fragment naming DTR, no CA files, and a restart", () => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com:443', mode: 'insecure-registry', dtrCaPem: DTR_CA });
    expect(plan.files.map((f) => f.bundlePath)).toEqual(['docker/daemon.json']);
    expect(JSON.parse(plan.files[0]?.content ?? '')).toEqual({ 'insecure-registries': ['dtr.example.com'] });
    expect(plan.dockerRestartNeeded).toBe(true);
  });

  it("'disable-redirect': clients need no storage CA; only DTR's CA; no restart", () => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com', mode: 'disable-redirect', dtrCaPem: DTR_CA });
    expect(plan.files.map((f) => f.bundlePath)).toEqual(['docker/certs.d/dtr.example.com/ca.crt', 'trust/dtr-ca.crt']);
    expect(plan.dockerRestartNeeded).toBe(false);
    expect(applyTrustChoice(config, 'disable-redirect').redirect.disable).toBe(true);
    expect(applyTrustChoice(config, 'ca').redirect.disable).toBe(false);
  });

  it('plain-HTTP storage needs no storage CA on clients', () => {
    const plan = planClientTrust({ config: { ...config, secure: false }, dtrHost: 'dtr.example.com', mode: 'ca' });
    expect(plan.files).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('spells out the consequence of every choice', () => {
    expect(trustChoiceConsequences.ca.summary).toMatch(/certs\.d\/<dtr-host>\/storage-ca\.crt/);
    expect(trustChoiceConsequences['insecure-registry'].cost).toMatch(/alter images/);
    expect(trustChoiceConsequences['disable-redirect'].cost).toMatch(/bandwidth/);
  });
});
