import type { AppErrorData } from '../../../shared/app-error';
import { ErrorBox } from '../ui';

/** What "Continue a saved profile" loaded, or why it could not. */
export type ContinuedProfile =
  | { name: string; bucket: string; where: string; registryKeyId?: string | undefined; error?: undefined }
  | { name: string; error: AppErrorData };

/** Says what was loaded and where the user now is, so a continue is never silent. */
export function ContinuedNotice({ continued }: { continued: ContinuedProfile }) {
  if (continued.error) return <ErrorBox error={continued.error} title={`“${continued.name}” could not be continued`} />;
  return (
    <div className="callout ok" role="status">
      <p><strong>Loaded the saved profile “{continued.name}”:</strong> bucket <code>{continued.bucket}</code> at <code>{continued.where}</code>,{' '}
        {continued.registryKeyId ? <>the registry key <code>{continued.registryKeyId}</code> from the keychain.</> : 'no registry key stored (enter one on the IAM step).'}</p>
      <p>You are on step 1, Target. Check the values and press Next: Validate runs the checks again, and Export saves over “{continued.name}” after asking.</p>
    </div>
  );
}
