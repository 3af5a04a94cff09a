import { useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { Profile } from '../../../shared/profile';
import { useBundleExport } from '../profiles/bundle-export';
import { Callout, ErrorBox, ProgressLog } from '../ui';

/**
 * The bundle of a saved profile, as the wizard's Export writes it: the app's save dialog, or a .zip download
 * in the browser. `button` goes in the actions row, `output` (progress, outcome) under it.
 */
export function useProfileBundle(profile: Profile): { button: ReactNode; output: ReactNode } {
  const bundles = useBundleExport();
  const [done, setDone] = useState<{ to: string; asDownload: boolean }>();
  const [problem, setProblem] = useState<AppErrorData>();
  const { operation } = bundles;
  const run = async () => {
    setProblem(undefined);
    setDone(undefined);
    // The IAM part the wizard showed for this profile (its server, flavour and scope), when it was saved with one.
    const iam = profile.iam ? { storageServer: profile.iam.server, policyFlavor: profile.iam.policyFlavor, scopeToRoot: profile.iam.scopeToRoot } : {};
    const outcome = await bundles.exportBundle({ config: profile.storage, clientTrust: profile.clientTrust, owner: profile.name, ...iam }, { baseName: `dtr-storage-${profile.name}` });
    if (outcome && 'error' in outcome) setProblem(outcome.error);
    else if (outcome) setDone(outcome);
  };
  const shownProblem = problem ?? bundles.hostError;
  const button = (
    <button type="button" className="secondary" disabled={bundles.running || !bundles.host} onClick={() => void run()}>
      {bundles.asDownload ? 'Download the bundle (.zip)' : 'Export the bundle…'}
    </button>
  );
  const output = (
    <>
      <ProgressLog label="Writing the bundle" running={bundles.running} events={operation.progress} onCancel={operation.cancel} />
      {shownProblem ? <ErrorBox error={shownProblem} title="Not exported" /> : null}
      {operation.error ? <ErrorBox error={operation.error} title="The bundle was not written" /> : null}
      {done ? (
        <Callout kind="ok">
          <p role="status">{done.asDownload ? 'Downloaded as' : 'Written to'} <code>{done.to}</code>{operation.result ? ` (${operation.result.files.length} files)` : ''}.</p>
          {operation.result?.warnings.map((w) => <p key={w}>{w}</p>)}
        </Callout>
      ) : null}
    </>
  );
  return { button, output };
}
