import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelResult } from '../../../shared/contract';
import { dtrCaOverrideText, type DtrCaStatus } from '../../../shared/trust/dtr-ca-gate';
import { Checkbox, ErrorBox } from '../ui';
import { CertLine, ChainList } from './CertViews';

interface Props {
  dtrHost: string;
  status: DtrCaStatus;
  running: boolean;
  result?: ChannelResult<'trust.verifyDtr'>;
  error?: AppErrorData;
  onCancel: () => void;
  onUseRoot: (pem: string) => void;
  onOverride: (on: boolean) => void;
}

/**
 * DTR's certificate as a Docker client with this step's files would see it: verified or not (with the
 * diagnosis), the chain, "Use the inspected root" when the server sent a self-signed root, and the
 * explicit override. Props only: the check itself runs in useDtrVerification.
 */
export function DtrTrustCheck({ dtrHost, status, running, result, error, onCancel, onUseRoot, onOverride }: Props) {
  if (status === 'not-needed') return null;
  const failed = !running && (error !== undefined || (result !== undefined && !result.verified));
  return (
    <section className="inspect" aria-label="DTR's certificate">
      <h3>DTR&apos;s certificate</h3>
      {/* Its height is kept whatever it says (the same as the endpoint probe's line): nothing below it moves. */}
      <p role="status" className="dtr-check-status">
        {running ? <>Checking {dtrHost} with the trust a client will get… <button type="button" className="secondary" onClick={onCancel}>Cancel</button></> : null}
        {!running && result?.verified ? <><span className="badge pass">Verified</span> The CA a client gets verifies {dtrHost}.</> : null}
        {failed ? <><span className="badge warn">Not verified</span> The CA a client gets does not verify {dtrHost}.</> : null}
      </p>
      {!running && result?.diagnosis ? <ErrorBox error={result.diagnosis} title={`DTR's certificate does not verify for ${dtrHost}`} /> : null}
      {!running && error ? <ErrorBox error={error} title="DTR could not be checked" /> : null}
      {!running && result?.inspectedRoot ? (
        <div className="callout">
          <p>{dtrHost} sent its own root: <CertLine cert={result.inspectedRoot} />. Compare its fingerprint with one from your PKI team before trusting it.</p>
          <button type="button" className="secondary" onClick={() => onUseRoot(result.inspectedRoot?.pem ?? '')}>Use the inspected root</button>
        </div>
      ) : null}
      {result?.report && !running ? (
        <>
          <p className="muted">Trusted by the client: {result.trustedBy.join(', ')}.</p>
          <ChainList chain={result.report.chain} />
        </>
      ) : null}
      {failed || status === 'overridden' ? (
        <Checkbox
          label={dtrCaOverrideText(dtrHost)}
          checked={status === 'overridden'}
          onChange={onOverride}
          hint="Only if DTR is not reachable from here, or you will fix its certificate later. The bundle's README records this choice."
        />
      ) : null}
    </section>
  );
}
