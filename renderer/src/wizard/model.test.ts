import { describe, expect, it } from 'vitest';
import { validateBucketName } from '../../../shared/validation';
import { firstBlockedStep, initialValues, stepErrors, steps, type WizardSecrets, type WizardValues } from './model';
import { initialFlow, reduce } from '../../../shared/wizard/state';
import { wizardValuesSchema } from '../../../shared/profile';
import { dtrCaOverrideText, dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret', stored: false };
/** What the form holds once the keychain has the key (and after a resume): no secret. */
const stored = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '', stored: true };
const ready: WizardValues = {
  ...initialValues,
  dtrUrl: 'https://dtr.example.com',
  config: { ...initialValues.config, regionendpoint: 'https://s3.example.com:9000', bucket: 'registry-data', rootdirectory: 'dtr' },
  bucketReady: true,
  registryKeyReady: true,
  checksPassed: true,
  dtrHost: 'dtr.example.com',
  // main verified DTR's chain for this host without a private CA (a publicly trusted certificate)
  dtrCaVerifiedFor: dtrTrustSubject('dtr.example.com', ''),
  profileName: 'lab',
  exportedTo: '/tmp/bundle',
};
const secrets: WizardSecrets = { setup: keys, registry: keys };

/** The wizard's gates: each step blocks Next with the shared rules' own words, and only for its own reasons. */
describe('wizard step gates', () => {
  it('opens every step for a complete setup', () => {
    for (const step of steps) expect(stepErrors(step.id, ready, secrets), step.id).toEqual({});
    expect(firstBlockedStep(ready, secrets)).toBe(steps.length - 1);
  });

  it('an empty wizard is blocked at Target, on the fields a user must fill', () => {
    const errors = stepErrors('target', initialValues, {});
    expect(Object.keys(errors).sort()).toEqual(['dtrUrl', 'regionendpoint', 'setupKeyId', 'setupSecret']);
    expect(firstBlockedStep(initialValues, {})).toBe(0);
    // With the AWS credential chain, no keys are asked for.
    expect(Object.keys(stepErrors('target', { ...initialValues, keySource: 'aws-chain' }, {}))).not.toContain('setupKeyId');
  });

  it('refuses a DTR URL that is not https', () => {
    expect(stepErrors('target', { ...ready, dtrUrl: 'http://dtr.example.com' }, secrets).dtrUrl).toMatch(/HTTPS/);
    expect(stepErrors('target', { ...ready, dtrUrl: 'dtr.example.com' }, secrets).dtrUrl).toMatch(/not a URL/);
  });

  it('uses the shared bucket-name rule, word for word, and wants the bucket created', () => {
    const bad = { ...ready, config: { ...ready.config, bucket: 'Bad_Bucket' } };
    expect(stepErrors('bucket', bad, secrets).bucket).toContain(validateBucketName('Bad_Bucket')[0]!.message);
    expect(stepErrors('bucket', { ...ready, bucketReady: false }, secrets)).toEqual({ bucketAction: 'Create or adopt the bucket before going on.' });
    expect(firstBlockedStep({ ...ready, bucketReady: false }, secrets)).toBe(1);
  });

  it('the IAM step wants a stored registry key; the storage form the shared config rules', () => {
    expect(stepErrors('iam', { ...ready, registryKeyReady: false }, {}).registryKey).toMatch(/access key ID/);
    expect(stepErrors('iam', { ...ready, registryKeyReady: false, config: { ...ready.config, provider: 'aws', regionendpoint: '', region: 'eu-west-1' } }, {}).registryKey)
      .toMatch(/Create the registry user and key/);
    const small = { ...ready, config: { ...ready.config, chunksize: 1024 } };
    expect(stepErrors('storage', small, secrets).chunksize).toMatch(/chunk size/i);
  });

  it('Validate needs a passing run; Client trust a host[:port] and a daemon.json that parses', () => {
    expect(stepErrors('validate', { ...ready, checksPassed: false }, secrets).checks).toMatch(/Run the checks/);
    expect(stepErrors('trust', { ...ready, dtrHost: 'dtr example.com' }, secrets).dtrHost).toMatch(/not a DTR host/);
    const broken = { ...ready, trustMode: 'insecure-registry' as const, existingDaemonJson: '{ "debug": true,, }' };
    expect(stepErrors('trust', broken, secrets).existingDaemonJson).toMatch(/line 1/);
    expect(stepErrors('trust', { ...broken, existingDaemonJson: '{ "debug": true }' }, secrets)).toEqual({});
  });

  it('a key stored in the keychain (no secret in the form) passes every gate a typed one does', () => {
    const fromKeychain: WizardSecrets = { setup: stored, registry: stored };
    for (const step of steps) expect(stepErrors(step.id, ready, fromKeychain), step.id).toEqual({});
    expect(stepErrors('iam', { ...ready, registryKeyReady: false }, fromKeychain).registryKey).toBe('Save the registry key to the keychain.');
    // Neither typed nor stored: the secret is asked for.
    const noSecret = { ...stored, stored: false };
    expect(stepErrors('target', ready, { setup: noSecret })).toEqual({ setupSecret: 'Enter the setup secret access key.' });
    expect(stepErrors('iam', { ...ready, registryKeyReady: false }, { registry: noSecret }).registryKey).toMatch(/secret access key/);
    expect(stepErrors('storage', ready, { registry: noSecret }).secretKey).toMatch(/secret key/);
  });

  it("Client trust opens only for DTR's CA as verified, or overridden, for this very host and CA", () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const unverified = { ...ready, dtrCaPem: pem };
    expect(stepErrors('trust', unverified, secrets).dtrCaPem).toContain(dtrCaOverrideText('dtr.example.com'));
    expect(firstBlockedStep(unverified, secrets)).toBe(steps.findIndex((s) => s.id === 'trust'));
    expect(stepErrors('trust', { ...unverified, dtrCaVerifiedFor: dtrTrustSubject('dtr.example.com', pem) }, secrets)).toEqual({});
    expect(stepErrors('trust', { ...unverified, dtrCaOverrideFor: dtrTrustSubject('dtr.example.com', pem) }, secrets)).toEqual({});
    // An override (or a verdict) for another host does not carry over.
    expect(stepErrors('trust', { ...unverified, dtrHost: 'dtr2.example.com', dtrCaOverrideFor: dtrTrustSubject('dtr.example.com', pem) }, secrets).dtrCaPem).toBeDefined();
    // An insecure registry checks no certificate: nothing to verify.
    expect(stepErrors('trust', { ...unverified, trustMode: 'insecure-registry' }, secrets)).toEqual({});
  });

  it('Export wants a valid profile name and a written bundle', () => {
    expect(stepErrors('export', { ...ready, profileName: 'Bad Name' }, secrets).profileName).toMatch(/lower-case/);
    expect(stepErrors('export', { ...ready, exportedTo: '' }, secrets)).toEqual({ exportAction: 'Write the bundle before going on.' });
  });
});

describe('every value the wizard saves is in the state file allow-list (a strict schema refuses the whole save otherwise)', () => {
  it('the initial values, and the values after switching provider both ways', () => {
    expect(wizardValuesSchema.safeParse(initialValues).error?.issues ?? []).toEqual([]);
    const typed = reduce(initialFlow, { type: 'configEdited', patch: { regionendpoint: 'https://127.0.0.1:7480', bucket: 'b' } });
    const toAws = reduce(typed, { type: 'providerChosen', provider: 'aws' });
    const back = reduce(toAws, { type: 'providerChosen', provider: 's3-compatible' });
    expect(toAws.values.parkedConfig['s3-compatible']).toBeDefined();
    for (const { values } of [toAws, back]) expect(wizardValuesSchema.safeParse(values).error?.issues ?? []).toEqual([]);
  });
});
