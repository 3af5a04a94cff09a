import { useState } from 'react';
import { call } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import { useBundleExport } from '../profiles/bundle-export';
import { useConfirmedSave } from '../profiles/confirmed-save';
import { Callout, Checkbox, ErrorBox, Field, ProgressLog } from '../ui';
import { dtrCaStatus } from '../../../shared/trust/dtr-ca-gate';
import { chosenServer } from '../../../shared/render/iam-steps';
import { WIZARD_DRAFT_OWNER, hasSecret } from '../wizard/model';
import type { StepProps } from '../wizard/step-props';

export default function ExportStep({ values, secrets, update, commitKey, error, errors }: StepProps) {
  const bundles = useBundleExport();
  const { save: saveProfile, question } = useConfirmedSave();
  const [zip, setZip] = useState(false);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [problem, setProblem] = useState<AppErrorData>();
  const [shown, setShown] = useState(false);
  const { config } = values;
  const clientTrust = { dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem, dtrCaUnverified: dtrCaStatus(values) === 'overridden' };
  const { host, asDownload, running, operation } = bundles;

  const save = async () => {
    setProblem(undefined);
    if (errors.profileName || !host) return;
    // The profile keeps the setup for re-checks; main copies the draft's registry key to the keychain under
    // the profile's name (the secret never comes back here).
    const draftKeys = Boolean(secrets.registry?.accessKeyId && hasSecret(secrets.registry));
    if (draftKeys) {
      const failed = await commitKey('registry');
      if (failed) return setProblem(failed);
    }
    // A profile of that name is replaced only after the user has seen what changes.
    // (profileFile is set once this step saved the profile, and cleared when the name changes.)
    // The IAM part for the server the IAM step showed, scoped as it was there; the profile keeps that choice.
    const iam = { server: chosenServer(config.provider, values.storageServer, values.detectedServer.kind), policyFlavor: values.policyFlavor, scopeToRoot: values.scopeToRoot };
    const outcome = await saveProfile({ profile: { name: values.profileName, storage: config, clientTrust, iam }, draftKeys, fromWizard: true }, { sameSession: Boolean(values.profileFile) });
    if ('cancelled' in outcome) return;
    if ('error' in outcome) return setProblem(outcome.error);
    // The directory is the host's path: keep its separator (a backslash on Windows).
    const separator = /^[A-Za-z]:\\/.test(host.profilesDirectory) ? '\\' : '/';
    update({ profileFile: `${host.profilesDirectory}${separator}${values.profileName}.json` });
    const owner = outcome.saved.secretRefs.registry ? values.profileName : WIZARD_DRAFT_OWNER;
    const bundle = { config, policyFlavor: iam.policyFlavor, storageServer: iam.server, scopeToRoot: iam.scopeToRoot, clientTrust, includeSecrets: includeSecrets && !config.keyless, owner };
    const exported = await bundles.exportBundle(bundle, { baseName: `dtr-storage-${values.profileName}`, zip });
    if (exported && 'error' in exported) return setProblem(exported.error);
    if (exported) update({ exportedTo: exported.to, exportedAsDownload: exported.asDownload });
  };
  const showInFolder = async () => {
    const outcome = await call('shell.showInFolder', { path: values.exportedTo });
    if (outcome.ok) setShown(true);
    else setProblem(outcome.error);
  };
  const files = operation.result?.files;
  const name = values.profileName || 'NAME';

  return (
    <>
      <p className="lead">The bundle holds the DTR JSON, the registry YAML, the IAM policy, the client trust files and install scripts, a README with the steps, and a MANIFEST of checksums. It is saved as a profile too, for re-checks.</p>
      <Field label="Profile name" required value={values.profileName} error={error('profileName')} placeholder="prod-dtr"
        hint="Lower-case letters, digits, “.”, “-” and “_”." onChange={(profileName) => update({ profileName, exportedTo: '', profileFile: '' }, 'profileName')} />
      {asDownload
        ? <p className="muted">In the browser the bundle is one .zip file that your browser downloads (the desktop app asks where to save it).</p>
        : <Checkbox label="Write one .zip file instead of a folder" checked={zip} onChange={setZip} />}
      {config.keyless
        ? <p className="muted">The registry has no key (DTR&apos;s hosts use an IAM role): the bundle holds the role&apos;s trust policy and the script that attaches it instead.</p>
        : <Checkbox label="Include the registry's keys in the bundle" checked={includeSecrets} onChange={setIncludeSecrets}
          hint="Off by default: keys then stay in the keychain, and the bundle can be shared safely. With it on, the key files are written with mode 0600." />}
      <button type="button" disabled={running || !host} onClick={() => void save()}>
        {asDownload ? 'Save the profile and download the bundle (.zip)' : 'Save the profile and write the bundle…'}
      </button>
      <ProgressLog label="Writing the bundle" running={running} events={operation.progress} onCancel={operation.cancel} />
      {problem ? <ErrorBox error={problem} title="Not exported" /> : null}
      {bundles.hostError ? <ErrorBox error={bundles.hostError} title="The export is not available" /> : null}
      {question}
      {operation.error ? <ErrorBox error={operation.error} title="The bundle was not written" /> : null}
      {values.profileFile ? (
        <Callout kind="ok">
          <p>Profile “{values.profileName}” saved in <code>{values.profileFile}</code> (keys stay in the OS keychain). From a terminal, write the bundle again or re-check it:</p>
          <pre tabIndex={0}><code>dtr-s3-assistant export --profile {name} --out dtr-storage-{name}{'\n'}dtr-s3-assistant check --profile {name}</code></pre>
        </Callout>
      ) : null}
      {values.exportedTo ? (
        <Callout kind="ok">
          {values.exportedAsDownload
            ? <p>Downloaded as <code>{values.exportedTo}</code>: your browser saved it in its downloads folder{operation.result ? ` (${operation.result.files.length} files${operation.result.containsSecrets ? ', with keys' : ''})` : ''}.</p>
            : <p>Written to <code>{values.exportedTo}</code>{operation.result ? ` (${operation.result.files.length} files${operation.result.containsSecrets ? ', with keys' : ''})` : ''}.</p>}
          {operation.result?.warnings.map((w) => <p key={w}>{w}</p>)}
          {values.exportedAsDownload ? null : <button type="button" className="secondary" onClick={() => void showInFolder()}>Show in folder</button>}
          {shown ? <span className="muted"> Opened in the file manager.</span> : null}
        </Callout>
      ) : null}
      {files ? (
        <details><summary>Files in the bundle</summary>
          <ul className="plain mono">{files.map((f) => <li key={f.path}>{f.path} ({f.bytes} bytes{f.secret ? ', secret' : ''})</li>)}</ul>
        </details>
      ) : null}
    </>
  );
}
