import { useState } from 'react';
import { ConfirmDialog } from '../ConfirmDialog';

/**
 * "Start a new setup", from any step: asks first, then `onStart` clears the draft (its values and its draft
 * keys in the keychain). Saved profiles are not touched, and the question says so.
 */
export function StartNewSetup({ onStart, profileName }: { onStart: () => Promise<void>; profileName?: string }) {
  const [asking, setAsking] = useState(false);
  const answer = async (confirmed: boolean) => {
    setAsking(false);
    if (confirmed) await onStart();
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => setAsking(true)}>Start a new setup</button>
      {asking ? (
        <ConfirmDialog title="Start a new setup?" confirmLabel="Clear the draft and start over" danger onAnswer={(yes) => void answer(yes)}>
          <p>The wizard forgets what was typed so far and removes its draft keys from the OS keychain.</p>
          <p>Saved profiles{profileName ? `, “${profileName}” included,` : ''} stay as they are: find them under <strong>Saved profiles</strong>.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
