import { useEffect, useState } from 'react';
import { dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { endpointScheme } from '../../../shared/validation/endpoint';
import { call } from '../api';
import { Callout, Choice, Field } from '../ui';
import { ContinuedNotice, type ContinuedProfile } from '../profiles/ContinuedNotice';
import { dtrHostOf, emptyKey } from '../wizard/model';
import { CaFileButton } from './CaFileButton';
import { CaDescription, EndpointStatus } from './EndpointProbe';
import { useEndpointProbe } from './tls-checks';
import { KeyFields } from './KeyFields';
import type { StepProps } from '../wizard/step-props';

interface SavedProfile { name: string; bucket: string; provider: string }

export default function TargetStep({ values, secrets, update, updateConfig, setSecrets, chooseProvider, commitKey, error, errors }: StepProps) {
  const { config } = values;
  const probe = useEndpointProbe(values, !errors.regionendpoint && !errors.ca);
  const endpointHost = (() => {
    try {
      return new URL(config.regionendpoint).host;
    } catch {
      return config.regionendpoint;
    }
  })();
  const setup = secrets.setup ?? emptyKey;
  const [saved, setSaved] = useState<SavedProfile[]>([]);
  useEffect(() => {
    void call('profiles.list', {}).then((o) => o.ok && setSaved(o.value.profiles));
  }, []);

  const [continued, setContinued] = useState<ContinuedProfile>();
  const continueProfile = async (name: string) => {
    // Main copies the profile's keys into the wizard's draft: the steps after this sign with them.
    const outcome = await call('wizard.continueProfile', { name });
    if (!outcome.ok) return setContinued({ name, error: outcome.error });
    const { profile: p, keys } = outcome.value;
    setContinued({ name: p.name, bucket: p.storage.bucket, where: p.storage.regionendpoint || p.storage.region, registryKeyId: keys.registry?.accessKeyId });
    setSecrets({
      setup: keys.setup ? { ...keys.setup, secretAccessKey: '' } : setup,
      registry: keys.registry ? { ...keys.registry, secretAccessKey: '' } : emptyKey,
    });
    update({
      config: p.storage, profileName: p.name, dtrHost: p.clientTrust.dtrHost, trustMode: p.clientTrust.mode, dtrCaPem: p.clientTrust.dtrCaPem,
      // A saved "I know this CA does not verify <host>" stays chosen for that host and CA.
      dtrCaOverrideFor: p.clientTrust.dtrCaUnverified ? dtrTrustSubject(p.clientTrust.dtrHost, p.clientTrust.dtrCaPem) : '',
      dtrUrl: p.clientTrust.dtrHost ? `https://${p.clientTrust.dtrHost}` : values.dtrUrl, bucketReady: true, registryKeyReady: Boolean(keys.registry),
      // The IAM step's choices as saved (a profile from before they were kept: the form's own).
      ...(p.iam ? { storageServer: p.iam.server, policyFlavor: p.iam.policyFlavor, scopeToRoot: p.iam.scopeToRoot } : {}),
    });
  };

  return (
    <>
      <p className="lead">Where DTR runs, which storage it will use, and the administrator keys this assistant sets the storage up with.</p>
      <Field
        label="DTR URL" required value={values.dtrUrl} placeholder="https://dtr.example.com" type="url" error={error('dtrUrl')}
        hint="The address clients use for DTR. Its host also names the certs.d folder on Docker clients."
        onChange={(dtrUrl) => update({ dtrUrl, ...(values.dtrHost === dtrHostOf(values.dtrUrl) ? { dtrHost: dtrHostOf(dtrUrl) } : {}) }, 'dtrUrl')}
      />
      <Choice
        legend="Storage provider" value={config.provider}
        options={[
          { value: 'aws', title: 'Amazon S3', text: 'AWS creates the bucket, an IAM user with a least-privilege policy and its key.' },
          { value: 's3-compatible', title: 'S3-compatible service', text: 'MinIO, Ceph RGW and others: give the endpoint; you create the registry user with the commands shown.' },
        ]}
        onChange={chooseProvider}
      />
      {config.provider === 's3-compatible' ? (
        <Field
          label="Storage endpoint URL" required value={config.regionendpoint} type="url" placeholder="https://minio.example.com:9000"
          error={error('regionendpoint')} hint="The S3 API address of the service, with its port."
          onChange={(regionendpoint) => updateConfig({ regionendpoint, secure: endpointScheme(regionendpoint) !== 'http' }, 'regionendpoint')}
        />
      ) : null}
      {config.provider === 's3-compatible' ? (
        <EndpointStatus endpoint={endpointHost} probe={probe} />
      ) : null}
      {config.provider === 's3-compatible' && endpointScheme(config.regionendpoint) === 'https' ? (
        <>
        <Field
          label="Root CA certificate of the endpoint (if private)" multiline value={config.ca} error={error('ca')} placeholder="-----BEGIN CERTIFICATE-----"
          hint="PEM text. Needed when the endpoint's certificate is signed by your own CA; it is DTR's “Root CA certificate” field too."
          onChange={(ca) => updateConfig({ ca }, 'ca')}
        />
        <CaFileButton value={config.ca} onPem={(ca) => updateConfig({ ca }, 'ca')} />
        <CaDescription host={endpointHost} result={probe.fresh} />
        </>
      ) : null}
      <Choice
        legend="Setup credentials" value={values.keySource}
        options={[
          { value: 'keychain', title: 'Access keys', text: 'An administrator key pair. It is kept in the OS keychain, never in a file.' },
          { value: 'aws-chain', title: 'AWS profile, SSO or instance role', text: 'The AWS SDK credential chain of this machine (AWS_PROFILE, ~/.aws/config with SSO, or a role).' },
        ]}
        onChange={(keySource) => update({ keySource }, 'keySource')}
      />
      {values.keySource === 'keychain' ? (
        <div className="row">
          <KeyFields idLabel="Setup access key ID" secretLabel="Setup secret access key" required value={setup}
            idError={error('setupKeyId')} secretError={error('setupSecret')}
            onChange={(key) => setSecrets({ setup: key }, key.accessKeyId === setup.accessKeyId ? 'setupSecret' : 'setupKeyId')}
            onCommit={() => void commitKey('setup')} />
        </div>
      ) : (
        <>
          <Field label="AWS profile name" value={values.awsProfile} error={error('awsProfile')} placeholder="default"
            hint="A profile of ~/.aws/config or ~/.aws/credentials. Empty: AWS_PROFILE, then the environment, then the instance role."
            onChange={(awsProfile) => update({ awsProfile }, 'awsProfile')} />
          <Callout>If the profile uses SSO, sign in first: <code>aws sso login --profile {values.awsProfile.trim() || 'NAME'}</code>.</Callout>
        </>
      )}
      {continued && (continued.error || continued.name === values.profileName) ? <ContinuedNotice continued={continued} /> : null}
      {saved.length ? (
        <section aria-labelledby="continue-title">
          <h2 id="continue-title">Or continue a saved profile</h2>
          <ul className="plain">
            {saved.map((p) => (
              <li key={p.name}>
                <button type="button" className="secondary" onClick={() => void continueProfile(p.name)}>Continue “{p.name}”</button>{' '}
                <span className="muted">{p.provider}, bucket {p.bucket}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
