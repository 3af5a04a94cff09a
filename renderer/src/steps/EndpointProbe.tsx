import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelResult } from '../../../shared/contract';
import { Callout, ErrorBox } from '../ui';
import { CertLine } from './CertViews';

type Probe = ChannelResult<'checks.probeEndpoint'>;

/**
 * What the endpoint probe found, in Validate's words: the first failing check's diagnosis, else a warning
 * (an expiring certificate), else that it answers. Props only: the probe runs in useEndpointProbe.
 */
export function EndpointStatus({ endpoint, running, result, error, onCancel }: { endpoint: string; running: boolean; result?: Probe; error?: AppErrorData; onCancel: () => void }) {
  const failed = result?.probes.find((p) => p.status === 'fail');
  const warned = failed ? undefined : result?.probes.find((p) => p.status === 'warn');
  // A cancel is the user's own choice: said quietly, not as an error.
  const cancelled = error?.code === 'CANCELLED';
  return (
    <div className="endpoint-probe">
      <p role="status" className="muted">
        {running ? <>Checking {endpoint}… <button type="button" className="secondary" onClick={onCancel}>Cancel</button></> : null}
        {!running && result && !failed && !warned ? <><span className="badge pass">Reachable</span> {endpoint} answers: DNS, TCP and TLS pass.</> : null}
        {!running && cancelled ? <>The check of {endpoint} was cancelled; it runs again when the endpoint or its CA changes.</> : null}
      </p>
      {!running && failed?.diagnosis ? <ErrorBox error={failed.diagnosis} title={`${failed.title}: failed`} /> : null}
      {!running && warned?.diagnosis ? (
        <Callout kind="warn">
          <p><span className="badge warn">Warning</span> {endpoint} answers, but {warned.title}: {warned.diagnosis.message}</p>
          <p><strong>Fix:</strong> {warned.diagnosis.fix}</p>
        </Callout>
      ) : null}
      {!running && error && !cancelled ? <ErrorBox error={error} title="The endpoint could not be checked" /> : null}
    </div>
  );
}

/** Which certificate(s) the CA field holds, and whether they verify the chain the endpoint presents. */
export function CaDescription({ host, result }: { host: string; result?: Probe }) {
  if (!result?.ca.length) return null;
  return (
    <div className="ca-description" role="group" aria-label="The pasted CA certificate">
      <p className="muted">The CA field holds:</p>
      <ul className="plain">
        {result.ca.map((cert) => <li key={cert.fingerprint256}><CertLine cert={cert} /></li>)}
      </ul>
      {result.caVerifies === true ? <p><span className="badge pass">Verifies</span> This CA verifies the certificate chain {host} presents.</p> : null}
      {result.caVerifies === false ? <p><span className="badge warn">Does not verify</span> This CA does not verify the certificate chain {host} presents (see the TLS diagnosis above).</p> : null}
    </div>
  );
}
