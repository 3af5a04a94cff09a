import { Suspense, useEffect, useState } from 'react';
import type { AppErrorData } from '../../shared/app-error';
import { call } from './api';
import { extraViews } from './views';
import { Wizard } from './wizard/Wizard';

/** The app frame: a header with the view switch (Wizard | Saved profiles …) and the current view. */
export function App() {
  const [view, setView] = useState('wizard');
  const [version, setVersion] = useState<string>();
  // The browser harness refuses a page without its per-run token: every action would fail, so none is offered.
  const [refused, setRefused] = useState<AppErrorData>();

  useEffect(() => {
    void call('app.info', {}).then((outcome) => {
      if (outcome.ok) setVersion(outcome.value.version);
      else if (outcome.error.code === 'UNAUTHORIZED') setRefused(outcome.error);
    });
  }, []);

  if (refused) return <NotConnected />;

  const views = [{ id: 'wizard', label: 'Wizard' }, ...extraViews];
  const Extra = extraViews.find((v) => v.id === view)?.component;
  return (
    <div className="app">
      <header className="topbar">
        <p className="brand">DTR S3 Storage Assistant {version ? <span className="version">v{version}</span> : null}</p>
        {views.length > 1 ? (
          <nav aria-label="Views">
            <ul className="tabs">
              {views.map((v) => (
                <li key={v.id}>
                  <button type="button" aria-current={v.id === view ? 'page' : undefined} onClick={() => setView(v.id)}>{v.label}</button>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main className="content">
        {Extra ? (
          <Suspense fallback={<p aria-busy="true">Loading…</p>}><Extra /></Suspense>
        ) : <Wizard />}
      </main>
    </div>
  );
}

/**
 * The page was opened without the harness's token (a copied address, another browser, an old tab after a
 * restart). Nothing on it could be saved or checked, so it offers no form: it says how to get the right page.
 */
function NotConnected() {
  return (
    <div className="app">
      <header className="topbar"><p className="brand">DTR S3 Storage Assistant</p></header>
      <main className="content">
        <div className="step">
          <h1>This page is not connected to the assistant</h1>
          <p>The assistant's local web page only answers the address it printed when it started: that address carries a one-time token, and this page has none, or one from an earlier start.</p>
          <p><strong>Fix:</strong> open the address that <code>npm run web</code> printed in its terminal (it ends in <code>#token=…</code>), in this browser. If the assistant was restarted, use the new address it printed.</p>
          <p className="muted">Code: UNAUTHORIZED. Nothing was saved from this page.</p>
        </div>
      </main>
    </div>
  );
}
