import { useState } from 'react';
import { useOperation } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import { minioCommands, policyFlavorExplanations, policyFlavors, renderRegistryPolicy } from '../../../shared/iam-policy';
import { normalizeRootDirectory, partitionOfRegion } from '../../../shared/validation';
import { Callout, Checkbox, Choice, Code, ErrorBox, Field, ProgressLog } from '../ui';
import { DRAFT_OWNER, emptyKey, hasSecret } from '../wizard/model';
import { KeyFields } from './KeyFields';
import type { StepProps } from '../wizard/step-props';

export default function IamStep({ values, secrets, update, updateConfig, setSecrets, commitKey, error }: StepProps) {
  const { config } = values;
  const provision = useOperation('provision.run');
  const [saveError, setSaveError] = useState<AppErrorData>();
  const hasRoot = normalizeRootDirectory(config.rootdirectory) !== '';
  const scoped = values.scopeToRoot && hasRoot;
  const rootDirectory = scoped ? config.rootdirectory : '';
  const policyInput = { bucket: config.bucket, rootDirectory, flavor: values.policyFlavor, partition: partitionOfRegion(config.region) ?? 'aws' };
  const registry = secrets.registry ?? emptyKey;

  const createUser = async () => {
    const result = await provision.run({
      owner: DRAFT_OWNER, config: { ...config, rootdirectory: rootDirectory }, setupCredentials: values.setupSource,
      ...(values.setupSource === 'aws-chain' && values.awsProfile.trim() ? { awsProfile: values.awsProfile.trim() } : {}), policyFlavor: values.policyFlavor,
    });
    // The new key went straight into the keychain: the form learns its ID, never its secret.
    if (result?.accessKeyId) {
      setSecrets({ registry: { accessKeyId: result.accessKeyId, secretAccessKey: '', stored: true } });
      update({ registryKeyReady: true });
    }
  };
  const storeKey = async () => {
    setSaveError(undefined);
    if (!registry.accessKeyId.trim() || !hasSecret(registry)) {
      setSaveError({ code: 'KEY_INCOMPLETE', message: 'Enter both the access key ID and the secret key.' });
      return;
    }
    const failed = await commitKey('registry');
    if (failed) setSaveError(failed);
    else update({ registryKeyReady: true });
  };

  const keyFields = (
    <>
      <div className="row">
        <KeyFields idLabel="Registry access key ID" secretLabel="Registry secret access key" required value={registry}
          idError={error('registryKey') && !registry.accessKeyId ? error('registryKey') : undefined}
          secretError={error('registryKey') && registry.accessKeyId && !hasSecret(registry) ? error('registryKey') : undefined}
          onChange={(key) => setSecrets({ registry: key }, 'registryKey')} onCommit={() => void commitKey('registry')} />
      </div>
      <button type="button" onClick={() => void storeKey()}>Store the key in the keychain</button>
      {saveError ? <ErrorBox error={saveError} title="The key was not stored" /> : null}
      {values.registryKeyReady ? <Callout kind="ok">The registry key <strong>{registry.accessKeyId || '(created)'}</strong> is in the OS keychain.</Callout> : null}
    </>
  );

  return (
    <>
      <Choice
        legend="Policy flavour" value={values.policyFlavor}
        options={policyFlavors.map((f) => ({ value: f, title: policyFlavorExplanations[f].title, text: policyFlavorExplanations[f].text }))}
        onChange={(policyFlavor) => update({ policyFlavor }, 'policyFlavor')}
      />
      <Field label="Root directory" value={config.rootdirectory} error={error('rootdirectory')} placeholder="dtr"
        hint="The prefix the registry writes under (DTR's “Root directory”). Empty means the whole bucket."
        onChange={(rootdirectory) => updateConfig({ rootdirectory }, 'rootdirectory')} />
      {/* An empty root means the whole bucket: there is nothing to scope to, so the box cannot be ticked. */}
      <Checkbox label="Scope the policy to the root directory" checked={scoped} disabled={!hasRoot} onChange={(scopeToRoot) => update({ scopeToRoot })}
        hint={hasRoot
          ? `Objects and listing are limited to ${normalizeRootDirectory(config.rootdirectory)}/…, so one bucket can serve several registries.`
          : 'Enter a root directory first: with an empty one the registry uses the whole bucket.'} />
      <Code label={`Policy for bucket ${config.bucket || '(no bucket yet)'}`} text={renderRegistryPolicy(policyInput)} />
      {config.provider === 'aws' ? (
        <section aria-labelledby="iam-user-title">
          <h2 id="iam-user-title">Registry user and key</h2>
          <p>Creates (or adopts) the IAM user <code>dtr-storage</code>, attaches this policy inline, creates an access key straight into the keychain and verifies the permissions with the IAM policy simulator.</p>
          <button type="button" disabled={provision.running} onClick={() => void createUser()}>Create the user and key</button>
          <ProgressLog label="Creating the registry user" running={provision.running} events={provision.progress} onCancel={provision.cancel} />
          {provision.error ? <ErrorBox error={provision.error} title="The user or key was not created" /> : null}
          <details><summary>Use an existing key instead</summary>{keyFields}</details>
        </section>
      ) : (
        <section aria-labelledby="mc-title">
          <h2 id="mc-title">Create the registry user on the service</h2>
          <p>S3-compatible services have no AWS IAM. On MinIO, save the policy above as <code>dtr-storage-policy.json</code>, set <code>DTR_STORAGE_SECRET_KEY</code>, and run:</p>
          <Code label="mc commands" text={minioCommands({ ...policyInput }).join('\n')} />
          <p>On other services (Ceph RGW, …) create a user with that service's tools. Then enter the user's key:</p>
          {keyFields}
        </section>
      )}
    </>
  );
}
