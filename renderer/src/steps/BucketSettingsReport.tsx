import type { BucketSetting } from '../../../shared/channels/provision';
import type { ChannelResult } from '../../../shared/contract';
import { Callout } from '../ui';

type StepReport = ChannelResult<'provision.run'>['steps'][number];

const titles: Record<BucketSetting, string> = {
  'public-access-block': 'Block Public Access',
  encryption: 'Default encryption',
  lifecycle: 'Abort incomplete multipart uploads',
};
const isSetting = (step: string): step is BucketSetting => step in titles;

/**
 * What the last run left on the bucket, setting by setting, as the server answered (not what was
 * hoped for), and the settings someone changed since this tool applied them, with the choice to re-apply.
 */
export function BucketSettingsReport({ steps, busy, onReapply }: { steps: StepReport[]; busy: boolean; onReapply: (settings: BucketSetting[]) => void }) {
  const settings = steps.filter((s): s is StepReport & { step: BucketSetting } => isSetting(s.step));
  if (!settings.length) return null;
  const drifted = settings.filter((s) => s.drift);
  return (
    <section aria-labelledby="bucket-settings-title">
      <h3 id="bucket-settings-title">What the bucket has now</h3>
      <ul className="plain settings-report">
        {settings.map((s) => (
          <li key={s.step} className={s.outcome === 'warn' ? 'warn-text' : undefined}>
            <strong>{titles[s.step]}</strong>: {s.message}.
          </li>
        ))}
      </ul>
      {drifted.length ? (
        <Callout kind="warn">
          <p><strong>Changed since this tool set {drifted.length > 1 ? 'them' : 'it'}:</strong> nothing was re-applied. Keep the bucket as it is, or put this tool's settings back.</p>
          <table className="data">
            <caption>Bucket settings that differ from what this tool applied</caption>
            <thead><tr><th scope="col">Setting</th><th scope="col">On the bucket now</th><th scope="col">This tool would set</th></tr></thead>
            <tbody>
              {drifted.map((s) => <tr key={s.step}><td>{titles[s.step]}</td><td>{s.drift?.current}</td><td>{s.drift?.wanted}</td></tr>)}
            </tbody>
          </table>
          <button type="button" className="secondary" disabled={busy} onClick={() => onReapply(drifted.map((s) => s.step))}>Re-apply {drifted.length > 1 ? 'these settings' : 'this setting'}</button>
        </Callout>
      ) : null}
    </section>
  );
}
