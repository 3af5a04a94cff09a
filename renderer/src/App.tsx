import { useEffect, useState } from 'react';

const steps = ['Target', 'Bucket', 'IAM', 'Storage form', 'Validate', 'Client trust', 'Export', 'Done'] as const;

/** The wizard's frame: a step list and the current step. The steps' content lands with the wizard. */
export function App() {
  const [current, setCurrent] = useState(0);
  const [version, setVersion] = useState<string>();

  useEffect(() => {
    void window.dtrApi?.invoke('app.info', {}).then((outcome) => {
      if (outcome.ok) setVersion(outcome.value.version);
    });
  }, []);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Wizard steps">
        <p className="brand">DTR S3 Storage Assistant</p>
        <ol>
          {steps.map((step, index) => (
            <li key={step}>
              <button
                type="button"
                aria-current={index === current ? 'step' : undefined}
                onClick={() => setCurrent(index)}
              >
                {step}
              </button>
            </li>
          ))}
        </ol>
        {version ? <p className="version">v{version}</p> : null}
      </nav>
      <main className="content">
        <h1>{steps[current]}</h1>
      </main>
    </div>
  );
}
