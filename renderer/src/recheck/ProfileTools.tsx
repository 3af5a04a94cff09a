import { useState } from 'react';
import type { Profile } from '../../../shared/profile';
import { KeyReplace } from './KeyReplace';
import { useProfileBundle } from './ProfileBundle';
import { useProfileDelete } from './ProfileDelete';
import { ProfileEditor } from './ProfileEditor';

/**
 * Fix a profile where its re-check shows the problem: edit the storage fields, replace the registry key,
 * export the bundle, or delete it. Re-check again from the button above to validate the fix.
 */
export function ProfileTools({ profile, onChanged, onDeleted }: { profile: Profile; onChanged: (profile?: Profile) => void; onDeleted: (message: string) => void }) {
  const [open, setOpen] = useState<'edit' | 'key'>();
  const [notice, setNotice] = useState<string>();
  const bundle = useProfileBundle(profile);
  const removal = useProfileDelete(profile, onDeleted);
  const toggle = (panel: 'edit' | 'key') => {
    setNotice(undefined);
    setOpen((current) => (current === panel ? undefined : panel));
  };
  return (
    <section aria-labelledby="tools-heading" className="profile-tools">
      <h3 id="tools-heading">Change this profile</h3>
      <div className="buttons">
        <button type="button" className="secondary" aria-expanded={open === 'edit'} onClick={() => toggle('edit')}>Edit the storage settings</button>
        <button type="button" className="secondary" aria-expanded={open === 'key'} onClick={() => toggle('key')}>Replace the registry key</button>
        {bundle.button}
        {removal.button}
      </div>
      {bundle.output}
      {removal.output}
      {notice ? <p className="callout ok" role="status">{notice}</p> : null}
      {open === 'edit' ? (
        <ProfileEditor key={profile.updatedAt} profile={profile} onClose={() => setOpen(undefined)} onSaved={(saved) => {
          setOpen(undefined);
          setNotice(`Saved “${saved.name}”. Re-check it to validate the change.`);
          onChanged(saved);
        }} />
      ) : null}
      {open === 'key' ? <KeyReplace name={profile.name} onStored={() => onChanged()} /> : null}
    </section>
  );
}
