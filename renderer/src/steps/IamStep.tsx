import { useState } from 'react';
import { useOperation } from '../api';
import type { AppErrorData } from '../../../shared/app-error';
import { policyFlavorExplanations, policyFlavors } from '../../../shared/iam-policy';
import { chosenServer, iamBundleFiles, iamSteps } from '../../../shared/render/iam-steps';
import type { S3ServerKind } from '../../../shared/s3-server';
import { normalizeRootDirectory } from '../../../shared/validation';
import { Callout, Checkbox, Choice, Code, ErrorBox, Field, ProgressLog } from '../ui';
import { WIZARD_DRAFT_OWNER, emptyKey, hasSecret } from '../wizard/model';
import { KeyFields } from './KeyFields';
import { RegistryAuth } from './RegistryAuth';
import type { StepProps } from '../wizard/step-props';

const serverChoices = ['ceph-rgw', 'minio', 'other'] as const;
const serverTitles: Record<S3ServerKind, string> = { 'ceph-rgw': 'Ceph RGW', minio: 'MinIO', aws: 'Amazon S3', other: 'Another S3-compatible service' };

export default function IamStep({ values, secrets, update, updateConfig, setSecrets, commitKey, error }: StepProps) {
  const { config } = values;
  const provision = useOperation('provision.run');
  const [saveError, setSaveError] = useState<AppErrorData>();
  const hasRoot = normalizeRootDirectory(config.rootdirectory) !== '';
  const scoped = values.scopeToRoot && hasRoot;
  const rootDirectory = scoped ? config.rootdirectory : '';
  const server: S3ServerKind = chosenServer(config.provider, values.storageServer, values.detectedServer.kind);
  // The policy in the shape the server enforces (RGW and MinIO differ from AWS: see policyTargetExplanations),
  // and the server's own commands: the same rendering the export bundle writes.
  const steps = iamSteps({ config, server, flavor: values.policyFlavor, scopeToRoot: scoped });
  const registry = secrets.registry ?? emptyKey;

  const createUser = async () => {
    const result = await provision.run({
      owner: WIZARD_DRAFT_OWNER, config: { ...config, rootdirectory: rootDirectory }, keySource: values.keySource,
      ...(values.keySource === 'aws-chain' && values.awsProfile.trim() ? { awsProfile: values.awsProfile.trim() } : {}), policyFlavor: values.policyFlavor,
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
      <Code label={`Policy for bucket ${config.bucket || '(no bucket yet)'}`} text={steps.policyJson} />
      {config.provider === 'aws' ? (
        <section aria-labelledby="iam-user-title">
          <h2 id="iam-user-title">Registry user and key</h2>
          <RegistryAuth config={config} onChange={(keyless) => updateConfig({ keyless }, 'keyless')} />
          {config.keyless ? null : (
            <>
              <p>Creates (or adopts) the IAM user <code>dtr-storage</code>, attaches this policy inline, creates an access key straight into the keychain and verifies the permissions with the IAM policy simulator.</p>
              <button type="button" disabled={provision.running} onClick={() => void createUser()}>Create the user and key</button>
              <ProgressLog label="Creating the registry user" running={provision.running} events={provision.progress} onCancel={provision.cancel} />
              {provision.error ? <ErrorBox error={provision.error} title="The user or key was not created" /> : null}
              <details><summary>Use an existing key instead</summary>{keyFields}</details>
            </>
          )}
        </section>
      ) : (
        <section aria-labelledby="server-title">
          <h2 id="server-title">Create the registry user on the service</h2>
          <Choice legend="Which server is this?" value={server}
            options={serverChoices.map((kind) => ({ value: kind, title: serverTitles[kind], text: kind === values.detectedServer.kind && values.detectedServer.evidence ? `Detected: ${values.detectedServer.evidence}.` : '' }))}
            onChange={(storageServer) => update({ storageServer })} />
          {server === 'ceph-rgw' ? (
            <>
              <p>On an RGW admin node, create the registry's own user (it prints <code>access_key</code> and <code>secret_key</code>); then, with the bucket owner's keys (the setup keys) in <code>AWS_ACCESS_KEY_ID</code>/<code>AWS_SECRET_ACCESS_KEY</code>, give that user this bucket policy, saved as <code>{iamBundleFiles.rgwBucketPolicy}</code>{steps.caFile ? <>, with the storage's CA saved as <code>{steps.caFile}</code></> : null} (the export bundle has both, and these commands as <code>{iamBundleFiles.commands}</code>). A new key later: <code>radosgw-admin key create --uid=dtr-storage --key-type=s3 --gen-access-key --gen-secret</code>.</p>
              <Code label="RGW commands" text={steps.commands.join('\n')} />
              <Code label="Bucket policy for the RGW user dtr-storage" text={steps.bucketPolicyJson ?? ''} />
            </>
          ) : server === 'minio' ? (
            <>
              <p>On MinIO, save the policy above as <code>{iamBundleFiles.policy}</code>, set <code>DTR_STORAGE_SECRET_KEY</code>, and run (the export bundle has both):</p>
              <Code label="mc commands" text={steps.commands.join('\n')} />
            </>
          ) : (
            <p>Create a user for the registry with this service's own tools, and give it the policy above (as its user policy, or as a bucket policy naming it). Do not give the registry the administrator's keys.</p>
          )}
          <p>Then enter the registry user's key:</p>
          {keyFields}
        </section>
      )}
    </>
  );
}
