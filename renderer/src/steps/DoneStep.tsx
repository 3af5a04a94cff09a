import type { StepProps } from '../wizard/step-props';
import { policyFlavorExplanations } from '../../../shared/iam-policy';
import { trustChoiceConsequences } from '../../../shared/trust/cert-layout';
import { normalizeRootDirectory } from '../../../shared/validation';

export default function DoneStep({ values }: StepProps) {
  const { config } = values;
  // The root as the registry uses it ("/dtr/" is dtr), and the policy flavour by its name, not its enum value.
  const root = normalizeRootDirectory(config.rootdirectory);
  return (
    <>
      <p className="lead">The storage is set up and checked. What was done:</p>
      <dl className="summary">
        <div><dt>DTR</dt><dd>{values.dtrUrl}</dd></div>
        <div><dt>Storage</dt><dd>{config.provider === 'aws' ? `Amazon S3, ${config.region}` : `${config.regionendpoint} (${config.region})`}</dd></div>
        <div><dt>Bucket</dt><dd>{config.bucket}{root ? `, under ${root}/` : ''}</dd></div>
        <div><dt>Policy</dt><dd>{policyFlavorExplanations[values.policyFlavor].title}{values.scopeToRoot && root ? ', scoped to the root directory' : ''}</dd></div>
        <div><dt>Checks</dt><dd>{values.checksPassed ? 'All passed' : 'Not all passed'}</dd></div>
        <div><dt>Client trust</dt><dd>{trustChoiceConsequences[values.trustMode].title}</dd></div>
        <div><dt>Bundle</dt><dd><code>{values.exportedTo}</code>{values.exportedAsDownload ? ' (in your browser\'s downloads folder)' : ''}</dd></div>
        <div><dt>Profile</dt><dd>{values.profileName}{values.profileFile ? <>, saved in <code>{values.profileFile}</code></> : null}</dd></div>
      </dl>
      <h2>Next</h2>
      <ol>
        <li>Enter the values in DTR's storage form (or send <code>dtr-storage.json</code> to DTR's API), and press Save: DTR writes and reads a test object.</li>
        <li>Install the client trust files from the bundle on each Docker client (see its README).</li>
      </ol>
      <h2>Re-check later</h2>
      <p>Open <strong>Saved profiles</strong> at the top and re-check “{values.profileName}”, or from a terminal:</p>
      <pre tabIndex={0}><code>dtr-s3-assistant check --profile {values.profileName || 'NAME'}             # keys from the keychain, run kept in the history{'\n'}dtr-s3-assistant check --profile {values.profileName || 'NAME'} --history   # every recorded run{'\n'}dtr-s3-assistant export --profile {values.profileName || 'NAME'} --out DIR  # the bundle again</code></pre>
    </>
  );
}
