import { useEffect, useEffectEvent, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { useOperation } from '../api';
import { REGIONS_BY_PARTITION } from '../../../shared/validation';
import { Callout, ErrorBox, Field, ProgressLog, Select } from '../ui';
import { WIZARD_DRAFT_OWNER } from '../wizard/model';
import type { StepProps } from '../wizard/step-props';
import type { BucketSetting } from '../../../shared/channels/provision';
import { BucketSettingsReport } from './BucketSettingsReport';

const regionOptions = Object.values(REGIONS_BY_PARTITION).flat().map((r) => ({ value: r, label: r }));

export default function BucketStep({ values, update, updateConfig, setSecrets, commitKey, error }: StepProps) {
  const { config } = values;
  const latency = useOperation('regions.measureLatency');
  const provision = useOperation('provision.run');
  const [keyError, setKeyError] = useState<AppErrorData>();
  const aws = config.provider === 'aws';
  // No timeout from here: the service's limit (3 s, or $DTR_S3_ASSISTANT_LATENCY_TIMEOUT_MS) applies.
  const measure = () => void latency.run({ provider: config.provider, ...(aws ? {} : { endpoint: config.regionendpoint }) });
  // The one endpoint the user typed is measured when the step opens. AWS means about 30 regions' public
  // hosts (DNS and HTTPS to each): only when the user asks for it.
  const measureOnOpen = useEffectEvent(() => {
    if (!aws) measure();
  });
  useEffect(() => measureOnOpen(), []);

  const create = async (reapply?: BucketSetting[]) => {
    setKeyError(undefined);
    // The setup key signs in main, from the keychain: store a typed one first.
    if (values.keySource === 'keychain') {
      const failed = await commitKey('setup');
      if (failed) return setKeyError(failed);
    }
    const result = await provision.run({
      owner: WIZARD_DRAFT_OWNER, config, keySource: values.keySource,
      ...(values.keySource === 'aws-chain' && values.awsProfile.trim() ? { awsProfile: values.awsProfile.trim() } : {}), policyFlavor: values.policyFlavor,
      ...(reapply ? { reapply } : {}),
    });
    if (!result) return;
    // A key created here went straight into the keychain: the form learns its ID (Validate signs with it), never its secret.
    if (result.accessKeyId) setSecrets({ registry: { accessKeyId: result.accessKeyId, secretAccessKey: '', stored: true } });
    update({ bucketReady: true, ...(result.accessKeyId ? { registryKeyReady: true } : {}) });
  };

  // The endpoint's answer names its server: the IAM step shows that server's own steps.
  const detected = aws ? undefined : latency.result?.results[0]?.server;
  const recordDetected = useEffectEvent((server: NonNullable<typeof detected>) => {
    if (server.evidence !== values.detectedServer.evidence) update({ detectedServer: server });
  });
  useEffect(() => {
    if (detected) recordDetected(detected);
  }, [detected]);

  const results = latency.result?.results ?? [];
  const reachable = results.filter((r) => r.status === 'ok');
  return (
    <>
      <section aria-labelledby="region-title">
        <h2 id="region-title">Region</h2>
        <p>Latency that matters is between the <strong>DTR servers</strong> and the bucket: pick the region next to where DTR runs. These figures are from this machine, which is only a guide unless it sits beside DTR.</p>
        {config.provider === 'aws' ? (
          <Select label="AWS region" value={config.region} options={regionOptions} error={error('region')} onChange={(region) => updateConfig({ region }, 'region')} />
        ) : (
          <Field label="Region the service signs for" required value={config.region} error={error('region')}
            hint="Many S3-compatible services use us-east-1; MinIO uses its configured region."
            onChange={(region) => updateConfig({ region }, 'region')} />
        )}
        <ProgressLog label="Measuring round-trip times" running={latency.running} events={[]} onCancel={latency.cancel} />
        {latency.error ? <ErrorBox error={latency.error} title="Latency could not be measured" /> : null}
        {results.length ? (
          <table className="data">
            <caption>Round trip from this machine (one HTTPS request each, in parallel)</caption>
            <thead><tr><th scope="col">{config.provider === 'aws' ? 'Region' : 'Endpoint'}</th><th scope="col">Host</th><th scope="col">Result</th></tr></thead>
            <tbody>
              {(reachable.length ? [...results].sort((a, b) => (a.rttMs ?? 1e9) - (b.rttMs ?? 1e9)) : results).slice(0, config.provider === 'aws' ? 12 : 1).map((r) => (
                <tr key={r.region}>
                  <td>{r.region}{r.region === latency.result?.recommended ? ' (recommended)' : ''}</td>
                  <td>{r.host}</td>
                  <td>{r.status === 'ok' ? `${r.rttMs} ms` : `${r.status}${r.code ? ` (${r.code})` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {latency.result && !reachable.length ? (
          <Callout kind="warn">No endpoint answered from this machine ({results.length} tried): it may have no route to {config.provider === 'aws' ? 'AWS' : 'the endpoint'}. Choose the region by where DTR runs.</Callout>
        ) : null}
        {latency.result?.recommended && latency.result.recommended !== config.region ? (
          <p><button type="button" className="secondary" onClick={() => updateConfig({ region: latency.result!.recommended! }, 'region')}>Use {latency.result.recommended}</button></p>
        ) : null}
        <button type="button" className="secondary" disabled={latency.running} onClick={measure}>
          {aws && !latency.result ? 'Measure latency to every region' : 'Measure again'}
        </button>
        {aws && !latency.result ? <p className="hint">Sends one HTTPS request from this machine to each region's public S3 endpoint.</p> : null}
      </section>
      <section aria-labelledby="bucket-title">
        <h2 id="bucket-title">Bucket</h2>
        <Field label="Bucket name" required value={config.bucket} error={error('bucket')}
          hint="3–63 lower-case letters, digits, hyphens; no dots if clients use HTTPS with virtual-host addressing."
          onChange={(bucket) => updateConfig({ bucket }, 'bucket')} />
        <h3>Secure defaults</h3>
        <p>The server is asked for these; the report after the run says what it actually applied. A re-check never puts back a setting someone changed without asking.</p>
        <ul>
          {aws
            ? <li><strong>Block all public access</strong>: registry blobs are only reached with signed requests or presigned URLs.</li>
            : <li><strong>Block Public Access, in part</strong>: public ACLs ignored and public buckets restricted. Public ACLs and bucket policies stay allowed: Ceph RGW refuses every upload with the first, and a bucket policy naming the registry user with the second.</li>}
          <li><strong>Default encryption</strong> (SSE-S3, or SSE-KMS with your key), if the server offers it: objects encrypted at rest.</li>
          <li><strong>Abort incomplete multipart uploads after 7 days</strong>: the registry never cleans up abandoned uploads{aws ? ', and they are billed' : ''}.</li>
        </ul>
        {config.provider === 'aws' ? <Callout>On AWS this also creates the registry's IAM user, its policy (the IAM step's choice, union by default) and a key in the keychain. Changing the policy later updates it in place.</Callout> : null}
        <button type="button" disabled={provision.running} onClick={() => void create()}>{values.bucketReady ? 'Check the bucket again' : 'Create or adopt the bucket'}</button>
        <ProgressLog label="Setting up the bucket" running={provision.running} events={provision.progress} onCancel={provision.cancel} />
        {keyError ? <ErrorBox error={keyError} title="The setup key was not stored" /> : null}
        {provision.error ? <ErrorBox error={provision.error} title="The bucket is not ready" /> : null}
        {values.bucketReady && !provision.running ? <Callout kind="ok">Bucket <strong>{config.bucket}</strong> is ready.</Callout> : null}
        {provision.result && !provision.running ? <BucketSettingsReport steps={provision.result.steps} busy={provision.running} onReapply={(settings) => void create(settings)} /> : null}
      </section>
    </>
  );
}
