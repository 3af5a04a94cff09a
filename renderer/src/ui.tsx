import { useId, useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../shared/app-error';
import type { ProgressEvent } from '../../shared/contract';
import { call } from './api';

/**
 * The small design system: labelled fields whose error text is tied to the input (aria-describedby,
 * aria-invalid), and a few blocks for errors, progress and code. Semantic HTML, no UI library.
 */
interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'url' | 'number';
  multiline?: boolean;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  name?: string;
  onBlur?: () => void;
  readOnly?: boolean;
  /** A finding that does not block (shared/validation's warnings), shown and announced with the field. */
  warning?: string;
}

/** A field's non-blocking warning, tied to its control by aria-describedby. */
function WarningText({ id, text }: { id: string; text?: string }) {
  return text ? <p className="warn-text" id={id}>{text}</p> : null;
}

export function Field({ label, value, onChange, error, hint, type = 'text', multiline, placeholder, autoComplete = 'off', required, name, onBlur, readOnly, warning }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, warning ? `${id}-warning` : undefined, hintId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    placeholder,
    required,
    onBlur,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}{required ? <span aria-hidden="true"> *</span> : null}</label>
      {multiline ? (
        <textarea {...common} rows={5} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      )}
      {error ? <p className="error-text" id={errorId}>{error}</p> : null}
      <WarningText id={`${id}-warning`} text={warning} />
      {hint ? <p className="hint" id={hintId}>{hint}</p> : null}
    </div>
  );
}

export function Checkbox({ label, checked, onChange, hint, warning, disabled }: {
  label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode; warning?: string; disabled?: boolean;
}) {
  const id = useId();
  const describedBy = [warning ? `${id}-warning` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <WarningText id={`${id}-warning`} text={warning} />
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

export function Select<T extends string>({ label, value, options, onChange, error, hint, warning }: {
  label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void; error?: string; hint?: ReactNode; warning?: string;
}) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : '', warning ? `${id}-warning` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {error ? <p className="error-text" id={`${id}-error`}>{error}</p> : null}
      <WarningText id={`${id}-warning`} text={warning} />
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
    </div>
  );
}

/** Radio choices with an explanation under each. */
export function Choice<T extends string>({ legend, value, options, onChange }: {
  legend: string; value: T; options: readonly { value: T; title: string; text: ReactNode }[]; onChange: (v: T) => void;
}) {
  const name = useId();
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={`choice${o.value === value ? ' selected' : ''}`}>
          <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
          <span><strong>{o.title}</strong><span className="choice-text">{o.text}</span></span>
        </label>
      ))}
    </fieldset>
  );
}

export function ErrorBox({ error, title }: { error: AppErrorData; title?: string }) {
  return (
    <div className="callout error" role="alert">
      <p><strong>{title ?? 'Something went wrong'}:</strong> {error.message}</p>
      {error.fix ? <p><strong>Fix:</strong> {error.fix}</p> : null}
      <p className="muted">Code: {error.code}</p>
    </div>
  );
}

export function Callout({ kind = 'info', children }: { kind?: 'info' | 'warn' | 'ok'; children: ReactNode }) {
  return <div className={`callout ${kind}`}>{children}</div>;
}

/** A long action's progress: a live list of its events, and a Cancel button while it runs. */
export function ProgressLog({ label, running, events, onCancel }: { label: string; running: boolean; events: ProgressEvent[]; onCancel: () => void }) {
  if (!running && events.length === 0) return null;
  return (
    <div className="progress" aria-live="polite">
      {running ? (
        <p className="running">
          <progress aria-label={label} /> {label}…{' '}
          <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
        </p>
      ) : null}
      <ul>
        {events.filter((e) => e.status !== 'running' || running).map((e, i) => (
          <li key={i}><span className={`badge ${e.status}`}>{e.status}</span> {e.step}{e.message ? `: ${e.message}` : ''}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Copy through main (Electron's clipboard; the harness's stand-in): the sandboxed renderer has no
 * clipboard permission of its own, since every permission request is refused.
 */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    const outcome = await call('clipboard.writeText', { text });
    setSaid(outcome.ok ? 'Copied.' : `Not copied: ${outcome.error.message}`);
  };
  return (
    <span className="copy">
      <button type="button" className="secondary small" aria-label={`Copy ${what}`} onClick={() => void copy()}>Copy</button>
      <span role="status" className="muted"> {said}</span>
    </span>
  );
}

export function Code({ label, text }: { label: string; text: string }) {
  const id = useId();
  return (
    <figure className="code">
      <figcaption><span id={id}>{label}</span> <CopyButton text={text} what={label} /></figcaption>
      <pre tabIndex={0} aria-labelledby={id}><code>{text}</code></pre>
    </figure>
  );
}
