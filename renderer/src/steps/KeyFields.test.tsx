// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFields } from './KeyFields';
import type { KeyEntry } from '../wizard/model';

/** What a screen reader reads as the field's description: the described-by texts, without aria-hidden parts. */
function descriptionOf(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => {
    const node = document.getElementById(id)?.cloneNode(true) as HTMLElement | undefined;
    node?.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return node?.textContent?.trim() ?? '';
  }).join(' ');
}

function renderKey(start: KeyEntry) {
  const commits: number[] = [];
  function Frame() {
    const [key, setKey] = useState(start);
    return (
      <>
        <KeyFields idLabel="Key ID" secretLabel="Secret" value={key} onChange={setKey}
          onCommit={() => { commits.push(1); setKey((k) => ({ ...k, secretAccessKey: '', stored: true })); }} />
        <button type="button">Elsewhere</button>
      </>
    );
  }
  render(<Frame />);
  return commits;
}

afterEach(cleanup);

// A budget, not a wait: on a loaded machine typing alone can take seconds.
describe('KeyFields', { timeout: 120_000 }, () => {
  it('says where the secret goes while it is typed, and where it is once stored, with Replace as the only button', async () => {
    const commits = renderKey({ accessKeyId: '', secretAccessKey: '', stored: false });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Key ID'), 'AKIAIOSFODNN7EXAMPLE');
    await user.type(screen.getByLabelText('Secret'), 'typed-secret');
    expect(descriptionOf(screen.getByLabelText('Secret'))).toBe('Goes to the OS keychain when you leave this field.');
    // The stored state's text is laid out underneath (so the form keeps its height), but is not read or reachable.
    expect(screen.queryByRole('button', { name: 'Replace' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    expect(commits).toHaveLength(1);
    const stored = screen.getByLabelText('Secret');
    expect(stored.getAttribute('placeholder')).toBe('Stored in the OS keychain');
    expect(descriptionOf(stored)).toBe('Stored in the OS keychain. Replace');
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect(descriptionOf(screen.getByLabelText('Secret'))).toBe('Goes to the OS keychain when you leave this field.');
  });
});
