import { useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { Profile } from '../../../shared/profile';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorBox } from '../ui';
import { deleteProfile } from './profile-actions';

/** Delete a profile after confirmation; its keychain entries go with it, and the question says which. */
export function useProfileDelete(profile: Profile, onDeleted: (message: string) => void): { button: ReactNode; output: ReactNode } {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<AppErrorData>();
  const roles = (['registry', 'setup'] as const).filter((role) => profile.secretRefs[role]);
  const runs = profile.recheckHistory.length;
  const answer = async (yes: boolean) => {
    setAsking(false);
    if (!yes) return;
    const outcome = await deleteProfile(profile.name);
    if (!outcome.ok) return setProblem(outcome.error);
    const count = outcome.value.deletedSecrets.length;
    onDeleted(`Deleted “${profile.name}” and ${count === 1 ? 'its keychain entry' : `${count} keychain entries`}${count ? ` (${outcome.value.deletedSecrets.join(', ')})` : ''}.`);
  };
  const button = <button type="button" className="secondary" onClick={() => setAsking(true)}>Delete “{profile.name}”…</button>;
  const output = (
    <>
      {problem ? <ErrorBox error={problem} title="Not deleted" /> : null}
      {asking ? (
        <ConfirmDialog title={`Delete the profile “${profile.name}”?`} confirmLabel={`Delete “${profile.name}”`} danger onAnswer={(yes) => void answer(yes)}>
          <p>Its file, its history of {runs} run{runs === 1 ? '' : 's'}{roles.length ? ` and its ${roles.join(' and ')} key${roles.length > 1 ? 's' : ''} in the OS keychain` : ''} are removed.</p>
          <p>The bucket, its objects and bundles you exported are not touched.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
  return { button, output };
}
