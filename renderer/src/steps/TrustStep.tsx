import { useId } from 'react';
import { useOperation } from '../api';
import { clientTrustModeSchema } from '../../../shared/profile';
import { storageEndpoint } from '../../../shared/storage-endpoint';
import { planClientTrust, restartNotes, trustChoiceConsequences } from '../../../shared/trust/cert-layout';
import { dtrCaMatters, dtrCaStatus, dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { daemonJsonLocations, mergeInsecureRegistries } from '../../../shared/trust/daemon-json';
import type { PeerChainReportData } from '../../../shared/channels/tls';
import { Callout, Choice, Code, ErrorBox, Field, ProgressLog } from '../ui';
import type { StepProps } from '../wizard/step-props';
import { ChainList } from './CertViews';
import { DtrTrustCheck } from './DtrTrustCheck';
import { useDtrVerification } from './tls-checks';

function ChainReport({ report }: { report: PeerChainReportData }) {
  const trusted = report.trustedByCa?.ok || report.trustedBySystem.ok;
  return (
    <div className="chain">
      <p>
        <span className={`badge ${trusted ? 'pass' : 'warn'}`}>{trusted ? 'Trusted' : 'Not trusted'}</span>{' '}
        {report.host}:{report.port} {report.protocol ? `(${report.protocol})` : ''}
        {report.trustedByCa ? ` · with the given CA: ${report.trustedByCa.ok ? 'verified' : report.trustedByCa.code}` : ''}
        {` · system roots: ${report.trustedBySystem.ok ? 'verified' : report.trustedBySystem.code ?? 'no'}`}
        {report.hostnameValid.ok ? '' : ` · name mismatch: ${report.hostnameValid.reason ?? ''}`}
      </p>
      <ChainList chain={report.chain} />
    </div>
  );
}

function Inspect({ title, target, caPem }: { title: string; target?: { host: string; port: number }; caPem?: string }) {
  const op = useOperation('tls.inspect');
  return (
    <section className="inspect" aria-label={title}>
      <h3>{title}</h3>
      {target ? (
        <button type="button" className="secondary" disabled={op.running} onClick={() => void op.run({ ...target, ...(caPem?.trim() ? { caPem } : {}) })}>
          Inspect {target.host}:{target.port}
        </button>
      ) : <p className="muted">No HTTPS address to inspect.</p>}
      <ProgressLog label="Connecting" running={op.running} events={[]} onCancel={op.cancel} />
      {op.error ? <ErrorBox error={op.error} title="TLS inspection failed" /> : null}
      {op.result ? <ChainReport report={op.result} /> : null}
    </section>
  );
}

export default function TrustStep({ values, update, error }: StepProps) {
  const { config } = values;
  const fileId = useId();
  const endpoint = config.secure ? storageEndpoint(config) : undefined;
  const storageTarget = endpoint ? { host: endpoint.host, port: endpoint.port } : undefined;
  let merged: string | undefined;
  let plan: ReturnType<typeof planClientTrust> | undefined;
  try {
    plan = planClientTrust({ config, dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem });
    // The entries the bundle and its scripts write (the host as checkDtrHost names it), not the field as typed.
    if (plan.insecureRegistries.length) merged = mergeInsecureRegistries(values.existingDaemonJson, plan.insecureRegistries).text;
  } catch {
    // the field errors below say what is wrong
  }
  const dtrCheck = useDtrVerification(values, update);
  const dtrSubject = dtrTrustSubject(values.dtrHost, values.dtrCaPem);
  // Only the verdict about what the fields hold now (a newer check may be settling).
  const dtrResult = dtrCheck.result && dtrTrustSubject(dtrCheck.result.dtrHost, dtrCheck.result.dtrCaPem) === dtrSubject ? dtrCheck.result : undefined;
  const readFile = async (file: File | undefined) => {
    if (file) update({ existingDaemonJson: (await file.text()).slice(0, 256 * 1024) }, 'existingDaemonJson');
  };
  return (
    <>
      <p className="lead">Docker clients pull blobs through a redirect to the storage endpoint, checked with the <em>DTR host's</em> TLS settings. Decide how clients will trust it.</p>
      <Field label="DTR host" required value={values.dtrHost} error={error('dtrHost')} placeholder="dtr.example.com"
        hint="host[:port] as clients write it in image names." onChange={(dtrHost) => update({ dtrHost }, 'dtrHost')} />
      <Inspect title="Storage endpoint's certificate" target={storageTarget} caPem={config.ca} />
      <Choice
        legend="How clients trust the storage"
        value={values.trustMode}
        options={clientTrustModeSchema.options.map((mode) => ({
          value: mode,
          title: trustChoiceConsequences[mode].title,
          text: <>{trustChoiceConsequences[mode].summary} <strong>Cost:</strong> {trustChoiceConsequences[mode].cost}</>,
        }))}
        onChange={(trustMode) => update({ trustMode }, 'trustMode')}
      />
      {dtrCaMatters(values.trustMode) ? (
        <>
          <Field label="DTR's CA certificate (optional)" multiline value={values.dtrCaPem} placeholder="-----BEGIN CERTIFICATE-----" error={error('dtrCaPem')}
            hint="Needed when DTR's certificate is not publicly trusted: every client gets it as certs.d/<dtr-host>/ca.crt. It is checked against DTR as you type."
            onChange={(dtrCaPem) => update({ dtrCaPem }, 'dtrCaPem')} />
          <DtrTrustCheck
            dtrHost={values.dtrHost.trim()} status={dtrCaStatus(values)} running={dtrCheck.running} result={dtrResult} error={dtrCheck.running ? undefined : dtrCheck.error}
            onCancel={dtrCheck.cancel} onUseRoot={(dtrCaPem) => update({ dtrCaPem }, 'dtrCaPem')}
            onOverride={(on) => update({ dtrCaOverrideFor: on ? dtrSubject : '' }, 'dtrCaPem')}
          />
        </>
      ) : null}
      {values.trustMode === 'insecure-registry' ? (
        <section aria-labelledby="daemon-title">
          <h2 id="daemon-title">daemon.json</h2>
          <Field label="Existing daemon.json (paste it, or open the file)" multiline value={values.existingDaemonJson} error={error('existingDaemonJson')}
            hint={`Linux ${daemonJsonLocations.linux}, Windows ${daemonJsonLocations.windows}. Other keys are kept as they are.`}
            onChange={(existingDaemonJson) => update({ existingDaemonJson }, 'existingDaemonJson')} />
          {/* The input stays focusable (visually hidden); its label is what shows, styled as a button. */}
          <input id={fileId} className="visually-hidden file-input" type="file" accept=".json,application/json" onChange={(e) => void readFile(e.target.files?.[0])} />
          <label className="file-button" htmlFor={fileId}>Open a daemon.json file…</label>
          {merged ? <Code label="Merged daemon.json" text={merged} /> : null}
        </section>
      ) : null}
      {plan ? (
        <Callout>
          <p><strong>On each client:</strong> {trustChoiceConsequences[values.trustMode].clients}</p>
          {plan.files.length ? <ul>{plan.files.map((f) => <li key={f.bundlePath}><code>{f.bundlePath}</code>: {f.purpose}</li>)}</ul> : null}
          {restartNotes(plan).map((note) => <p key={note}><strong>Restart:</strong> {note}</p>)}
          {plan.warnings.map((w) => <p key={w}>{w}</p>)}
        </Callout>
      ) : null}
    </>
  );
}
