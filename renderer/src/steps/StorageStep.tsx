import { useState } from 'react';
import { MIB, objectAclSchema, storageClassSchema } from '../../../shared/storage-config';
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
  const chunkMiB = String(config.chunksize / MIB);
  const [bodyShape, setBodyShape] = useState<DtrBodyShape>(DEFAULT_DTR_BODY_SHAPE);
  return (
    <>
      <p className="lead">These are the fields of DTR's <em>System → Storage → S3</em> form, in the same order. Fill DTR's form with the same values, or send the JSON below to its API.</p>
      <div className="form-grid">
        <Field label="Root directory" value={config.rootdirectory} error={error('rootdirectory')} placeholder="(bucket root)" onChange={(rootdirectory) => updateConfig({ rootdirectory }, 'rootdirectory')} />
        <Field label="AWS Region name" required value={config.region} error={error('region')} onChange={(region) => updateConfig({ region }, 'region')} />
        <Field label="S3 bucket name" required value={config.bucket} error={error('bucket')} onChange={(bucket) => updateConfig({ bucket }, 'bucket')} />
        <KeyFields idLabel="AWS access key" secretLabel="AWS secret key" value={registry} idError={error('credentials')} secretError={error('secretKey')}
          idHint={config.provider === 'aws' ? 'Leave both keys empty when DTR\'s hosts use an IAM role.' : undefined}
          onChange={(key) => setSecrets({ registry: key }, key.accessKeyId === registry.accessKeyId ? 'secretKey' : 'credentials')}
          onCommit={() => void commitKey('registry')} />
        <Field label="Region endpoint" type="url" value={config.regionendpoint} error={error('regionendpoint')}
          hint={config.provider === 'aws' ? 'Leave empty for Amazon S3.' : 'The S3-compatible service\'s URL.'}
          onChange={(regionendpoint) => updateConfig({ regionendpoint }, 'regionendpoint')} />
      </div>
      <Checkbox label="Signature version 4 auth" checked={config.v4auth} onChange={(v4auth) => updateConfig({ v4auth }, 'v4auth')} hint="AWS accepts nothing else." />
      <Checkbox label="Use HTTPS" checked={config.secure} onChange={(secure) => updateConfig({ secure }, 'secure')} />
      <Checkbox label="Skip TLS verification" checked={config.skipverify} onChange={(skipverify) => updateConfig({ skipverify }, 'skipverify')}
        hint="Registry → storage only. Clients that follow redirects still verify the storage certificate." />
      {error('skipverify') ? <p className="error-text">{error('skipverify')}</p> : null}
      <Field label="Root CA certificate" multiline value={config.ca} error={error('ca')} placeholder="-----BEGIN CERTIFICATE-----"
        hint="PEM of the CA that signed the storage endpoint's certificate, if it is private."
        onChange={(ca) => updateConfig({ ca }, 'ca')} />
      <CaFileButton value={config.ca} onPem={(ca) => updateConfig({ ca }, 'ca')} />
      <details className="advanced">
        <summary>Advanced driver options</summary>
        <Checkbox label="Encrypt objects (encrypt)" checked={config.encrypt} onChange={(encrypt) => updateConfig({ encrypt }, 'encrypt')} />
        {config.encrypt ? <Field label="KMS key ID (keyid)" value={config.keyid} error={error('keyid')} onChange={(keyid) => updateConfig({ keyid }, 'keyid')} /> : null}
        <Field label="Chunk size in MiB (chunksize)" type="number" value={chunkMiB} error={error('chunksize')} hint="At least 5 MiB; 10 MiB by default."
          onChange={(v) => updateConfig({ chunksize: Math.max(1, Math.round(Number(v) * MIB) || 1) }, 'chunksize')} />
        <Select label="Storage class (storageclass)" value={config.storageclass} options={storageClassSchema.options.map((o) => ({ value: o, label: o }))}
          onChange={(storageclass) => updateConfig({ storageclass }, 'storageclass')} />
        <Checkbox label="Path-style addressing (forcepathstyle)" checked={config.forcepathstyle} onChange={(forcepathstyle) => updateConfig({ forcepathstyle }, 'forcepathstyle')}
          hint="Needed by most S3-compatible services (bucket in the path, not in the host name)." />
        <Select label="Object ACL (objectacl)" value={config.objectacl} options={objectAclSchema.options.map((o) => ({ value: o, label: o }))}
          onChange={(objectacl) => updateConfig({ objectacl }, 'objectacl')} />
        <Checkbox label="Disable redirects (storage.redirect.disable)" checked={config.redirect.disable}
          onChange={(disable) => updateConfig({ redirect: { disable } }, 'redirect')} hint="DTR streams blobs itself; clients never contact the storage." />
      </details>
      {warnings.length ? (
        <Callout kind="warn">
          <ul className="plain">{warnings.map((w) => <li key={w.code + w.field}>{w.message} {w.fix}</li>)}</ul>
        </Callout>
      ) : null}
      {/* A choice about the preview below, not one of DTR's fields: kept out of the form's field list. */}
      <div className="preview-options">
        <Select<DtrBodyShape> label="DTR API body shape" value={bodyShape} onChange={setBodyShape}
          options={[{ value: 'storage-wrapped', label: '{"storage": {…}} (Docker\'s templates)' }, { value: 'storage-map', label: 'The storage map itself ({"s3": {…}})' }]}
          hint="DTR releases differ in which outer shape they take; see the README. The body replaces DTR's whole storage section." />
      </div>
      <div className="previews">
        <Code label="DTR API body (PUT /api/v0/admin/settings/registry/simple), keys left out" text={renderDtrJson(config, { shape: bodyShape })} />
        <Code label="Registry config.yml storage section" text={renderRegistryYaml(config)} />
      </div>
    </>
  );
}
