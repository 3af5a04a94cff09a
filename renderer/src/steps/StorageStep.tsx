import { useState } from 'react';
import { MIB, objectAclSchema } from '../../../shared/storage-config';
import { DISTRIBUTION_2_STORAGE_CLASSES } from '../../../shared/validation';
import { DEFAULT_DTR_BODY_SHAPE, renderDtrJson, type DtrBodyShape } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { Callout, Checkbox, Code, Field, Select } from '../ui';
import { configIssues, emptyKey } from '../wizard/model';
import { KeyFields } from './KeyFields';
import type { StepProps } from '../wizard/step-props';
import { CaFileButton } from './CaFileButton';

/** DTR's storage form, field for field and in DTR's order; the driver's further keys are folded away. */
export default function StorageStep({ values, secrets, updateConfig, setSecrets, commitKey, error }: StepProps) {
  const { config } = values;
  const registry = secrets.registry ?? emptyKey;
  const { warnings } = configIssues(config);
  // Each warning sits with the control it is about; KEYID_WITHOUT_ENCRYPT is about a field hidden while encrypt is off.
  const warn = (...fields: string[]) =>
    warnings.filter((w) => fields.includes(w.field)).map((w) => (w.fix ? `${w.message} ${w.fix}` : w.message)).join(' ') || undefined;
  const advanced = ['encrypt', 'keyid', 'chunksize', 'storageclass', 'forcepathstyle', 'objectacl', 'redirect'];
  const advancedWarnings = warnings.filter((w) => advanced.includes(w.field)).length;
  const shownByField = [...advanced, 'rootdirectory', 'region', 'bucket', 'regionendpoint', 'v4auth', 'secure', 'skipverify', 'ca'];
  const elsewhere = warnings.filter((w) => !shownByField.includes(w.field));
  // DTR/MSR 2.x run Distribution 2, which refuses every other class; a loaded value stays visible (with its warning).
  const storageClasses = DISTRIBUTION_2_STORAGE_CLASSES.includes(config.storageclass) ? DISTRIBUTION_2_STORAGE_CLASSES : [...DISTRIBUTION_2_STORAGE_CLASSES, config.storageclass];
  const chunkMiB = String(config.chunksize / MIB);
  const [bodyShape, setBodyShape] = useState<DtrBodyShape>(DEFAULT_DTR_BODY_SHAPE);
  return (
    <>
      <p className="lead">These are the fields of DTR's <em>System → Storage → S3</em> form, in the same order. Fill DTR's form with the same values, or send the JSON below to its API.</p>
      <div className="form-grid">
        <Field label="Root directory" value={config.rootdirectory} error={error('rootdirectory')} warning={warn('rootdirectory')} placeholder="(bucket root)" onChange={(rootdirectory) => updateConfig({ rootdirectory }, 'rootdirectory')} />
        <Field label="AWS Region name" required value={config.region} error={error('region')} warning={warn('region')} onChange={(region) => updateConfig({ region }, 'region')} />
        <Field label="S3 bucket name" required value={config.bucket} error={error('bucket')} warning={warn('bucket')} onChange={(bucket) => updateConfig({ bucket }, 'bucket')} />
        {config.keyless ? (
          <p className="keyless-keys"><strong>AWS access key / AWS secret key:</strong> leave both empty. DTR&apos;s hosts use an IAM role (chosen on the IAM step).</p>
        ) : (
          <KeyFields idLabel="AWS access key" secretLabel="AWS secret key" value={registry} idError={error('credentials')} secretError={error('secretKey')}
            idHint={config.provider === 'aws' ? 'Leave both keys empty when DTR\'s hosts use an IAM role (choose that on the IAM step).' : undefined}
            onChange={(key) => setSecrets({ registry: key }, key.accessKeyId === registry.accessKeyId ? 'secretKey' : 'credentials')}
            onCommit={() => void commitKey('registry')} />
        )}
        <Field label="Region endpoint" type="url" value={config.regionendpoint} error={error('regionendpoint')} warning={warn('regionendpoint')}
          hint={config.provider === 'aws' ? 'Leave empty for Amazon S3.' : 'The S3-compatible service\'s URL.'}
          onChange={(regionendpoint) => updateConfig({ regionendpoint }, 'regionendpoint')} />
      </div>
      <Checkbox label="Signature version 4 auth" checked={config.v4auth} warning={warn('v4auth')} onChange={(v4auth) => updateConfig({ v4auth }, 'v4auth')} hint="AWS accepts nothing else." />
      <Checkbox label="Use HTTPS" checked={config.secure} warning={warn('secure')} onChange={(secure) => updateConfig({ secure }, 'secure')} />
      <Checkbox label="Skip TLS verification" checked={config.skipverify} warning={warn('skipverify')} onChange={(skipverify) => updateConfig({ skipverify }, 'skipverify')}
        hint="Registry → storage only. Clients that follow redirects still verify the storage certificate." />
      {error('skipverify') ? <p className="error-text">{error('skipverify')}</p> : null}
      <Field label="Root CA certificate" multiline value={config.ca} error={error('ca')} warning={warn('ca')} placeholder="-----BEGIN CERTIFICATE-----"
        hint="PEM of the CA that signed the storage endpoint's certificate, if it is private."
        onChange={(ca) => updateConfig({ ca }, 'ca')} />
      <CaFileButton value={config.ca} onPem={(ca) => updateConfig({ ca }, 'ca')} />
      <details className="advanced">
        <summary>Advanced driver options{advancedWarnings ? ` (${advancedWarnings} warning${advancedWarnings > 1 ? 's' : ''})` : ''}</summary>
        <Checkbox label="Encrypt objects (encrypt)" checked={config.encrypt} warning={warn('encrypt', ...(config.encrypt ? [] : ['keyid']))} onChange={(encrypt) => updateConfig({ encrypt }, 'encrypt')} />
        {config.encrypt ? <Field label="KMS key ID (keyid)" value={config.keyid} error={error('keyid')} warning={warn('keyid')} onChange={(keyid) => updateConfig({ keyid }, 'keyid')} /> : null}
        <Field label="Chunk size in MiB (chunksize)" type="number" value={chunkMiB} error={error('chunksize')} warning={warn('chunksize')} hint="At least 5 MiB; 10 MiB by default."
          onChange={(v) => updateConfig({ chunksize: Math.max(1, Math.round(Number(v) * MIB) || 1) }, 'chunksize')} />
        <Select label="Storage class (storageclass)" value={config.storageclass} options={storageClasses.map((o) => ({ value: o, label: o }))} warning={warn('storageclass')}
          hint="The classes DTR and MSR 2.x accept; move objects to cheaper classes with a bucket lifecycle rule." 
          onChange={(storageclass) => updateConfig({ storageclass }, 'storageclass')} />
        <Checkbox label="Path-style addressing (forcepathstyle)" checked={config.forcepathstyle} warning={warn('forcepathstyle')} onChange={(forcepathstyle) => updateConfig({ forcepathstyle }, 'forcepathstyle')}
          hint="Needed by most S3-compatible services (bucket in the path, not in the host name)." />
        <Select label="Object ACL (objectacl)" value={config.objectacl} warning={warn('objectacl')} options={objectAclSchema.options.map((o) => ({ value: o, label: o }))}
          onChange={(objectacl) => updateConfig({ objectacl }, 'objectacl')} />
        <Checkbox label="Disable redirects (storage.redirect.disable)" checked={config.redirect.disable} warning={warn('redirect')}
          onChange={(disable) => updateConfig({ redirect: { disable } }, 'redirect')} hint="DTR streams blobs itself; clients never contact the storage." />
      </details>
      {elsewhere.length ? (
        <Callout kind="warn">
          <ul className="plain">{elsewhere.map((w) => <li key={w.code + w.field}>{w.message} {w.fix}</li>)}</ul>
        </Callout>
      ) : null}
      {/* A choice about the preview below, not one of DTR's fields: kept out of the form's field list. */}
      <div className="preview-options">
        <Select<DtrBodyShape> label="DTR API body shape" value={bodyShape} onChange={setBodyShape}
          options={[{ value: 'storage-wrapped', label: '{"storage": {…}} (Docker\'s templates)' }, { value: 'storage-map', label: 'The storage map itself ({"s3": {…}})' }]}
          hint="DTR releases differ in which outer shape they take; see the README. The body replaces DTR's whole storage section." />
      </div>
      <div className="previews">
        <Code label={`DTR API body (PUT /api/v0/admin/settings/registry/simple), ${config.keyless ? 'keys empty: IAM role' : 'keys left out'}`} text={renderDtrJson(config, { shape: bodyShape })} />
        <Code label="Registry config.yml storage section" text={renderRegistryYaml(config)} />
      </div>
    </>
  );
}
