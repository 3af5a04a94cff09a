import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import { validateStorageConfig } from '../../../shared/validation';
import { endpointScheme } from '../../../shared/validation/endpoint';
import { useConfirmedSave } from '../profiles/confirmed-save';
import { Checkbox, ErrorBox, Field } from '../ui';
import type { AppErrorData } from '../../../shared/app-error';

/** The form's own rule (shared/validation), by field: the same text the wizard's storage form shows. */
function errorsByField(config: StorageConfig): Partial<Record<string, string>> {
  const byField: Partial<Record<string, string>> = {};
  for (const issue of validateStorageConfig(config).errors) byField[issue.field] ??= issue.fix ? `${issue.message} ${issue.fix}` : issue.message;
  return byField;
}

/**
 * Edit a saved profile's storage fields in place. Checked as the wizard's form checks them, saved as the
 * wizard saves (main validates again), and only after the user has seen what changes.
 */
export function ProfileEditor({ profile, onSaved, onClose }: { profile: Profile; onSaved: (saved: Profile) => void; onClose: () => void }) {
  const [storage, setStorage] = useState<StorageConfig>(profile.storage);
  const [attempted, setAttempted] = useState(false);
  const [problem, setProblem] = useState<AppErrorData>();
  const { save, question } = useConfirmedSave();
  const errors = errorsByField(storage);
  const error = (field: keyof StorageConfig) => (attempted || storage[field] !== profile.storage[field] ? errors[field] : undefined);
  const set = (patch: Partial<StorageConfig>) => setStorage((s) => ({ ...s, ...patch }));
  const compatible = storage.provider === 's3-compatible';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setProblem(undefined);
    if (Object.keys(errors).length) return;
    const outcome = await save({ profile: { name: profile.name, storage, clientTrust: profile.clientTrust } });
    if ('error' in outcome) setProblem(outcome.error);
    else if ('saved' in outcome) onSaved(outcome.saved);
  };

  return (
    <form className="profile-editor" onSubmit={(e) => void submit(e)} noValidate aria-label={`Storage settings of ${profile.name}`}>
      {compatible ? (
        <Field label="Storage endpoint URL" required type="url" value={storage.regionendpoint} error={error('regionendpoint')}
          onChange={(regionendpoint) => set({ regionendpoint, secure: endpointScheme(regionendpoint) !== 'http' })} />
      ) : null}
      <div className="form-grid">
        <Field label="Region" required value={storage.region} error={error('region')} onChange={(region) => set({ region })} />
        <Field label="Bucket name" required value={storage.bucket} error={error('bucket')} onChange={(bucket) => set({ bucket })} />
        <Field label="Root directory" value={storage.rootdirectory} error={error('rootdirectory')} placeholder="(bucket root)" onChange={(rootdirectory) => set({ rootdirectory })} />
      </div>
      {compatible ? (
        <>
          <Checkbox label="Path-style addressing (forcepathstyle)" checked={storage.forcepathstyle} onChange={(forcepathstyle) => set({ forcepathstyle })} />
          {storage.secure ? (
            <Field label="Root CA certificate of the endpoint (if private)" multiline value={storage.ca} error={error('ca')} placeholder="-----BEGIN CERTIFICATE-----"
              onChange={(ca) => set({ ca })} />
          ) : null}
        </>
      ) : null}
      {problem ? <ErrorBox error={problem} title="Not saved" /> : null}
      <p className="buttons">
        <button type="submit">Save the changes</button>
        <button type="button" className="secondary" onClick={onClose}>Close without saving</button>
      </p>
      {question}
    </form>
  );
}
