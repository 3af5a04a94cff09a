import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelResult } from '../../../shared/contract';
import { ErrorBox } from '../ui';
import { CertLine } from './CertViews';

type Probe = ChannelResult<'target.probe'>;

/** What the endpoint probe found: the first failing check's diagnosis (Validate's words), or that it answers. */
export function EndpointStatus({ endpoint, running, result, error, onCancel }: { endpoint: string; running: boolean; result?: Probe; error?: AppErrorData; onCancel(): void }) {
  const failed = result?.probes.find((p) => p.status === 'fail');
  return (
    <div className="endpoint-probe">
      <p role="status" className="muted">
        {running ? <>Checking {endpoint}… <button type="button" className="secondary" onClick={onCancel}>Cancel</button></> : null}
        {!running && result && !failed ? <><span className="badge pass">Reachable</span> {endpoint} answers: DNS, TCP and TLS pass.</> : null}
      </p>
      {!running && failed?.diagnosis ? <ErrorBox error={failed.diagnosis} title={`${failed.title}: failed`} /> : null}
      {!running && error ? <ErrorBox error={error} title="The endpoint could not be checked" /> : null}
    </div>
  );
}

/** Which certificate(s) the CA field holds, and whether they verify the endpoint. */
export function CaDescription({ host, result }: { host: string; result?: Probe }) {
  if (!result?.ca.length) return null;
  return (
    <div className="ca-description" role="group" aria-label="The pasted CA certificate">
      <ul className="plain">
        {result.ca.map((cert) => <li key={cert.fingerprint256}><CertLine cert={cert} /></li>)}
      </ul>
      {result.caVerifies === true ? <p><span className="badge pass">Verifies</span> This CA verifies {host}.</p> : null}
      {result.caVerifies === false ? <p><span className="badge warn">Does not verify</span> This CA does not verify {host}.</p> : null}
    </div>
  );
}
