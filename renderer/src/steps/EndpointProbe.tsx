import type { ChannelResult } from '../../../shared/contract';
import { evidenceChain } from '../../../shared/wizard/evidence';
import { Callout, ErrorBox } from '../ui';
import { CertLine } from './CertViews';
import type { EndpointProbeState } from './tls-checks';

type Probe = ChannelResult<'checks.probeEndpoint'>;

/**
 * What the endpoint probe found, in Validate's words: the first failing check's diagnosis, else a warning
 * (an expiring certificate), else that it answers. Props only: the probe runs in useEndpointProbe.
 */
export function EndpointStatus({ endpoint, probe }: { endpoint: string; probe: EndpointProbeState }) {
  const { running, fresh: result, error, cancelled } = probe;
  const failed = result?.probes.find((p) => p.status === 'fail');
  const warned = failed ? undefined : result?.probes.find((p) => p.status === 'warn');
  return (
    <div className="endpoint-probe">
      <p role="status" className="muted">
        {running ? <>Checking {endpoint}… <button type="button" className="secondary" onClick={probe.cancel}>Cancel</button></> : null}
        {result && !failed && !warned ? <><span className="badge pass">Reachable</span> {endpoint} answers: DNS, TCP and TLS pass.</> : null}
        {cancelled ? <>The check of {endpoint} was cancelled; it runs again when the endpoint or its CA changes.</> : null}
      </p>
      {failed?.diagnosis ? <ErrorBox error={failed.diagnosis} title={`${failed.title}: failed`} /> : null}
      {warned?.diagnosis ? (
        <Callout kind="warn">
          <p><span className="badge warn">Warning</span> {endpoint} answers, but {warned.title}: {warned.diagnosis.message}</p>
          <p><strong>Fix:</strong> {warned.diagnosis.fix}</p>
        </Callout>
      ) : null}
      {/* After the diagnosis it explains (a failure or a warning). */}
      <PresentedChain endpoint={endpoint} chain={evidenceChain(failed ?? warned)} />
      {error ? <ErrorBox error={error} title="The endpoint could not be checked" /> : null}
    </div>
  );
}

/** The chain the endpoint presented when its TLS check failed or warned: what the diagnosis and its fix refer to. */
function PresentedChain({ endpoint, chain }: { endpoint: string; chain: ReturnType<typeof evidenceChain> }) {
  if (!chain.length) return null;
  return (
    <div role="group" aria-label="The certificate chain the endpoint presents">
      <p className="muted">{endpoint} presents (its own certificate first):</p>
      <ol className="plain">
        {chain.map((cert) => <li key={cert.fingerprint256}><CertLine cert={cert} /></li>)}
      </ol>
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
