import type { Profile } from '../../../shared/profile';
import { useBundleExport } from '../profiles/bundle-export';
import { Callout, ErrorBox, ProgressLog } from '../ui';
import { useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';

/** The bundle of a saved profile, as the wizard's Export writes it: the app's save dialog, or a .zip download in the browser. */
export function ProfileBundle({ profile }: { profile: Profile }) {
  const bundles = useBundleExport();
  const [done, setDone] = useState<{ to: string; asDownload: boolean }>();
  const [problem, setProblem] = useState<AppErrorData>();
  const run = async () => {
    setProblem(undefined);
    const outcome = await bundles.exportBundle({ config: profile.storage, clientTrust: profile.clientTrust, owner: profile.name }, { baseName: `dtr-storage-${profile.name}` });
    if (outcome && 'error' in outcome) setProblem(outcome.error);
    else if (outcome) setDone(outcome);
  };
  const { operation } = bundles;
  return (
    <>
      <button type="button" className="secondary" disabled={bundles.running || !bundles.host} onClick={() => void run()}>
        {bundles.asDownload ? 'Download the bundle (.zip)' : 'Export the bundle…'}
      </button>
      <ProgressLog label="Writing the bundle" running={bundles.running} events={operation.progress} onCancel={operation.cancel} />
      {problem ?? bundles.hostError ? <ErrorBox error={(problem ?? bundles.hostError)!} title="Not exported" /> : null}
      {operation.error ? <ErrorBox error={operation.error} title="The bundle was not written" /> : null}
      {done ? (
        <Callout kind="ok"><p role="status">{done.asDownload ? <>Downloaded as <code>{done.to}</code>{operation.result ? ` (${operation.result.files.length} files)` : ''}.</> : <>Written to <code>{done.to}</code>.</>}</p></Callout>
      ) : null}
    </>
  );
}
