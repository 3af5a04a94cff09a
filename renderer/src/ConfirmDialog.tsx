import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './confirm.css';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive answer (delete, replace) is drawn as such. */
  danger?: boolean;
  onAnswer: (confirmed: boolean) => void;
}

/**
 * A modal question (the platform's <dialog>: focus stays inside, Escape cancels). Cancel has the focus
 * first, so Enter never confirms a destructive action by accident.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger, onAnswer }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => element.close();
  }, []);
  // In <body>: a dialog opened from the sidebar or a button row must not take on their styles.
  return createPortal(
    <dialog ref={dialog} className="confirm" aria-labelledby={titleId} aria-describedby={bodyId}
      onCancel={(event) => { event.preventDefault(); onAnswer(false); }}>
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <p className="confirm-buttons">
        <button type="button" ref={cancel} className="secondary" onClick={() => onAnswer(false)}>Cancel</button>
        <button type="button" className={danger ? 'danger' : undefined} onClick={() => onAnswer(true)}>{confirmLabel}</button>
      </p>
    </dialog>,
    document.body,
  );
}
