import { describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import {
  applyTrustChoice,
  bundlePaths,
  certsDirName,
  planClientTrust,
  restartNotes,
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

describe('restart facts: each once, where it applies', () => {
  const all = (mode: 'ca' | 'insecure-registry' | 'disable-redirect') => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com', mode, dtrCaPem: DTR_CA });
    const c = trustChoiceConsequences[mode];
    return { notes: restartNotes(plan), text: [c.summary, c.cost, c.clients, ...plan.files.map((f) => f.purpose), ...restartNotes(plan)].join(' ') };
  };

  it("'ca': Linux certs.d needs no restart, Docker Desktop on macOS does, the OS store does; nothing else says otherwise", () => {
    const { notes, text } = all('ca');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^Linux: dockerd reads \/etc\/docker\/certs\.d\/<dtr-host>\/ on every connection, so .* needs no restart\. macOS: Docker Desktop copies ~\/\.docker\/certs\.d only when it starts/);
    expect(notes[1]).toMatch(/OS trust store .* restart Docker/);
    // The old texts said "no restart" in one place and "restart" in another: every restart word is in the notes.
    expect(text.match(/restart/gi)).toHaveLength(notes.join(' ').match(/restart/gi)?.length ?? 0);
  });

  it("'insecure-registry': daemon.json needs a restart (or reload), said once; 'disable-redirect' only the certs.d facts", () => {
    const insecure = all('insecure-registry');
    expect(insecure.notes).toEqual([expect.stringMatching(/^daemon\.json is read when Docker starts: .*systemctl reload docker/)]);
    expect(insecure.text.match(/restart/gi)).toHaveLength(insecure.notes[0]?.match(/restart/gi)?.length ?? 0);
    expect(all('disable-redirect').notes).toEqual([expect.stringMatching(/^Linux: .*no restart\. macOS: /)]);
  });

  it("the override of an unverified DTR CA is carried into the plan and warned about (never for an insecure registry)", () => {
    const plan = planClientTrust({ config, dtrHost: 'dtr.example.com', mode: 'ca', dtrCaPem: DTR_CA, dtrCaUnverified: true });
    expect(plan.dtrCaUnverified).toBe(true);
    expect(plan.warnings.join(' ')).toContain('I know this CA does not verify dtr.example.com');
    expect(planClientTrust({ config, dtrHost: 'dtr.example.com', mode: 'insecure-registry', dtrCaUnverified: true }).dtrCaUnverified).toBe(false);
  });
});
