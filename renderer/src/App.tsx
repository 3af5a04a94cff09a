import { Suspense, useEffect, useState } from 'react';
import { extraViews } from './views';
import { Wizard } from './wizard/Wizard';

/** The app frame: a header with the view switch (Wizard | Saved profiles …) and the current view. */
export function App() {
  const [view, setView] = useState('wizard');
  const [version, setVersion] = useState<string>();

  useEffect(() => {
    void window.dtrApi?.invoke('app.info', {}).then((outcome) => {
      if (outcome.ok) setVersion(outcome.value.version);
    });
  }, []);

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
