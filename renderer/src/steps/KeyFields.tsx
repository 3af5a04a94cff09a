import { useRef, type ReactNode } from 'react';
import { Field } from '../ui';
import type { KeyEntry } from '../wizard/model';

interface KeyFieldsProps {
  idLabel: string;
  secretLabel: string;
  value: KeyEntry;
  onChange: (next: KeyEntry) => void;
  /** The secret field lost focus: time to send the key to the keychain. */
  onCommit: () => void;
  idError?: string;
  secretError?: string;
  idHint?: ReactNode;
  required?: boolean;
}

/**
 * An access key ID and its secret. Once the keychain holds the secret, the form no longer does: the
 * secret field stays empty, says where the secret is, and "Replace" lets a new one be typed. A changed
 * key ID needs its own secret, so editing it forgets that the old one is stored.
 */
export function KeyFields({ idLabel, secretLabel, value, onChange, onCommit, idError, secretError, idHint, required }: KeyFieldsProps) {
  const secretBox = useRef<HTMLDivElement>(null);
  const replace = () => {
    onChange({ ...value, secretAccessKey: '', stored: false });
    requestAnimationFrame(() => secretBox.current?.querySelector('input')?.focus());
  };
  return (
    <>
      <Field label={idLabel} required={required} value={value.accessKeyId} error={idError} hint={idHint}
        onChange={(accessKeyId) => onChange({ accessKeyId, secretAccessKey: value.stored ? '' : value.secretAccessKey, stored: false })} />
      <div ref={secretBox}>
        {value.stored ? (
          <Field label={secretLabel} required={required} type="password" value="" readOnly placeholder="Stored in the OS keychain" error={secretError}
            hint={<SecretHint stored onReplace={replace} />} onChange={() => undefined} />
        ) : (
          <Field label={secretLabel} required={required} type="password" value={value.secretAccessKey} error={secretError}
            hint={<SecretHint stored={false} onReplace={replace} />}
            onChange={(secretAccessKey) => onChange({ ...value, secretAccessKey, stored: false })} onBlur={onCommit} />
        )}
      </div>
    </>
  );
}

/**
 * Where the secret goes, and once it is there, "Replace". Both texts take the same place (the other one is
 * laid out invisibly underneath), so the form does not move when the key reaches the keychain: that happens
 * as the field loses focus, often between a click's press and release on Next, which must still land.
 */
function SecretHint({ stored, onReplace }: { stored: boolean; onReplace: () => void }) {
  const storedText = <>Stored in the OS keychain. <button type="button" className="secondary small" tabIndex={stored ? undefined : -1} onClick={onReplace}>Replace</button></>;
  const typingText = <>Goes to the OS keychain when you leave this field.</>;
  return (
    <span className="stacked-hint">
      <span>{stored ? storedText : typingText}</span>
      <span className="stacked-hint-spacer" aria-hidden="true">{stored ? typingText : storedText}</span>
    </span>
  );
}
