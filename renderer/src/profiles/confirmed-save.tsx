import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelRequest, ChannelResult } from '../../../shared/contract';
import { call } from '../api';
import { ConfirmDialog } from '../ConfirmDialog';
import { shortTime } from '../recheck/format';

type SaveRequest = Omit<ChannelRequest<'profiles.save'>, 'overwrite'>;
type Preview = ChannelResult<'profiles.previewSave'>;
export type SaveOutcome = { saved: ChannelResult<'profiles.save'> } | { error: AppErrorData } | { cancelled: true };

/** The question before a save replaces a profile: which one, when it was saved, and every field that changes. */
function OverwriteQuestion({ name, preview, onAnswer }: { name: string; preview: Preview; onAnswer: (yes: boolean) => void }) {
  return (
    <ConfirmDialog title={`Replace the saved profile “${name}”?`} confirmLabel={`Replace “${name}”`} danger onAnswer={onAnswer}>
      <p>“{name}” was saved {preview.updatedAt ? shortTime(preview.updatedAt) : 'before'}. Its history and its keys in the keychain stay.</p>
      {preview.changes.length ? (
        <>
          <p>Saving changes:</p>
          <ul aria-label="What changes">
            {preview.changes.map((c) => <li key={c.field}><code>{c.field}</code>: {c.from} → {c.to}</li>)}
          </ul>
        </>
      ) : <p>No field changes: the saved values are the same.</p>}
    </ConfirmDialog>
  );
}

/**
 * Save a profile the one way the app does: a new name saves at once; an existing one is replaced only
 * after the user has seen what changes and said yes (main refuses an overwrite it was not told about).
 * `sameSession`: the caller saved this profile itself moments ago; unchanged, it is saved again without asking.
 */
export function useConfirmedSave(): { save: (request: SaveRequest, options?: { sameSession?: boolean }) => Promise<SaveOutcome>; question: ReactNode } {
  const [asking, setAsking] = useState<{ name: string; preview: Preview }>();
  const answer = useRef<(yes: boolean) => void>(undefined);
  const save = useCallback(async (request: SaveRequest, { sameSession = false } = {}): Promise<SaveOutcome> => {
    const preview = await call('profiles.previewSave', { profile: request.profile, ...(request.draftKeys ? { draftKeys: true } : {}) });
    if (!preview.ok) return { error: preview.error };
    // Saving again what this very session just saved, unchanged (a second export), needs no question.
    const unchangedOwnSave = sameSession && preview.value.changes.length === 0;
    if (preview.value.exists && !unchangedOwnSave) {
      const yes = await new Promise<boolean>((resolve) => {
        answer.current = resolve;
        setAsking({ name: request.profile.name, preview: preview.value });
      });
      setAsking(undefined);
      if (!yes) return { cancelled: true };
    }
    const saved = await call('profiles.save', { ...request, overwrite: preview.value.exists });
    return saved.ok ? { saved: saved.value } : { error: saved.error };
  }, []);
  const question = asking ? <OverwriteQuestion name={asking.name} preview={asking.preview} onAnswer={(yes) => answer.current?.(yes)} /> : null;
  return { save, question };
}
