import { useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { call } from '../api';
import { Code, ErrorBox } from '../ui';

type Format = 'markdown' | 'json';
type State =
  | { kind: 'idle' }
  | { kind: 'saved'; path: string }
  | { kind: 'shown'; format: Format; fileName: string; text: string }
  | { kind: 'error'; error: AppErrorData };

/**
 * Export the profile's re-check report. In the app: the save dialog, then the file is written by main.
 * In a browser (no desktop dialogs) the report is shown to copy instead.
 */
export function ReportExport({ name }: { name: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);

  const exportAs = async (format: Format) => {
    setBusy(true);
    try {
      const preview = await call('recheck.report', { name, format });
      if (!preview.ok) return setState({ kind: 'error', error: preview.error });
      const chosen = await call('dialog.chooseExportPath', { defaultName: preview.value.fileName, extensions: [format === 'json' ? 'json' : 'md'] });
      if (!chosen.ok) {
        if (chosen.error.code === 'NOT_AVAILABLE_IN_BROWSER') return setState({ kind: 'shown', format, ...preview.value });
        return setState({ kind: 'error', error: chosen.error });
      }
      if (chosen.value.canceled) return setState({ kind: 'idle' });
      const written = await call('recheck.report', { name, format, path: chosen.value.path });
      setState(written.ok ? { kind: 'saved', path: chosen.value.path } : { kind: 'error', error: written.error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="buttons">
        <button type="button" className="secondary" disabled={busy} onClick={() => void exportAs('markdown')}>Export report (Markdown)</button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void exportAs('json')}>Export report (JSON)</button>
      </p>
      {state.kind === 'error' ? <ErrorBox error={state.error} title="The report could not be exported" /> : null}
      {state.kind === 'saved' ? (
        <p className="callout ok" role="status">
          Saved to <code>{state.path}</code>{' '}
          <button type="button" className="secondary small" onClick={() => void call('shell.showInFolder', { path: state.path })}>Show in folder</button>
        </p>
      ) : null}
      {state.kind === 'shown' ? (
        <>
          <p className="muted" role="status">This browser cannot save files for the app: copy the report ({state.fileName}) below.</p>
          <Code label={state.fileName} text={state.text} />
        </>
      ) : null}
    </>
  );
}
