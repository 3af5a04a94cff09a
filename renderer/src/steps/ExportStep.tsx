import { useState } from 'react';
import { call, useOperation } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import { Callout, Checkbox, ErrorBox, Field, ProgressLog } from '../ui';
import { DRAFT_OWNER, hasSecret } from '../wizard/model';
import type { StepProps } from '../wizard/step-props';

export default function ExportStep({ values, secrets, update, commitKey, error, errors }: StepProps) {
  const write = useOperation('export.write');
  const [zip, setZip] = useState(false);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [problem, setProblem] = useState<AppErrorData>();
  const [shown, setShown] = useState(false);
  const { config } = values;
  const clientTrust = { dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem };

  const save = async () => {
    setProblem(undefined);
    if (errors.profileName) return;
    // The profile keeps the setup for re-checks; main copies the draft's registry key to the keychain under
    // the profile's name (the secret never comes back here).
    const draftKeys = Boolean(secrets.registry?.accessKeyId && hasSecret(secrets.registry));
    if (draftKeys) {
      const failed = await commitKey('registry');
      if (failed) return setProblem(failed);
    }
    const saved = await call('profiles.save', { profile: { name: values.profileName, storage: config, clientTrust }, draftKeys });
    if (!saved.ok) return setProblem(saved.error);
    const registry = saved.value.secretRefs.registry;
    const chosen = await call('dialog.chooseExportPath', { defaultName: `dtr-storage-${values.profileName}${zip ? '.zip' : ''}`, ...(zip ? { extensions: ['zip'] } : {}) });
    if (!chosen.ok) return setProblem(chosen.error);
    if (chosen.value.canceled) return;
    const result = await write.run({
      path: chosen.value.path, zip, config, policyFlavor: values.policyFlavor, clientTrust, includeSecrets, owner: registry ? values.profileName : DRAFT_OWNER,
    });
    if (result) update({ exportedTo: result.path });
  };
  const showInFolder = async () => {
    const outcome = await call('shell.showInFolder', { path: values.exportedTo });
    if (outcome.ok) setShown(true);
    else setProblem(outcome.error);
  };

  return (
    <>
      <p className="lead">The bundle holds the DTR JSON, the registry YAML, the IAM policy, the client trust files and install scripts, a README with the steps, and a MANIFEST of checksums. It is saved as a profile too, for re-checks.</p>
      <Field label="Profile name" required value={values.profileName} error={error('profileName')} placeholder="prod-dtr"
        hint="Lower-case letters, digits, “.”, “-” and “_”." onChange={(profileName) => update({ profileName, exportedTo: '' }, 'profileName')} />
      <Checkbox label="Write one .zip file instead of a folder" checked={zip} onChange={setZip} />
      <Checkbox label="Include the registry's keys in the bundle" checked={includeSecrets} onChange={setIncludeSecrets}
        hint="Off by default: keys then stay in the keychain, and the bundle can be shared safely. With it on, the key files are written with mode 0600." />
      <button type="button" disabled={write.running} onClick={() => void save()}>Save the profile and write the bundle…</button>
      <ProgressLog label="Writing the bundle" running={write.running} events={write.progress} onCancel={write.cancel} />
      {problem ? <ErrorBox error={problem} title="Not exported" /> : null}
      {write.error ? <ErrorBox error={write.error} title="The bundle was not written" /> : null}
      {values.exportedTo ? (
        <Callout kind="ok">
          <p>Written to <code>{values.exportedTo}</code>{write.result ? ` (${write.result.files.length} files${write.result.containsSecrets ? ', with keys' : ''})` : ''}.</p>
          {write.result?.warnings.map((w) => <p key={w}>{w}</p>)}
          <button type="button" className="secondary" onClick={() => void showInFolder()}>Show in folder</button>
          {shown ? <span className="muted"> Opened in the file manager.</span> : null}
        </Callout>
      ) : null}
      {write.result ? (
        <details><summary>Files in the bundle</summary>
          <ul className="plain mono">{write.result.files.map((f) => <li key={f.path}>{f.path} ({f.bytes} bytes{f.secret ? ', secret' : ''})</li>)}</ul>
        </details>
      ) : null}
    </>
  );
}
