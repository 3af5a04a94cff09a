// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DtrApi } from '../../../shared/api';
import { profilesChannels } from '../../../shared/channels/profiles';
import { wizardChannels } from '../../../shared/channels/wizard';
import { Wizard } from './Wizard';

/** main's answers for a fresh wizard (no saved state, no profiles); anything else the Target step asks is fine. */
function answer(channel: string): unknown {
  if (channel === 'wizard.loadState') return wizardChannels['wizard.loadState'].result.parse({ keys: {}, session: 'test-session', problems: [] });
  if (channel === 'profiles.list') return profilesChannels['profiles.list'].result.parse({ profiles: [], unreadable: [] });
  return {};
}

afterEach(cleanup);

describe('a refused Next', () => {
  // The focus moves in the commit that shows the messages. From a frame callback it could move a second
  // later, while the user types elsewhere, and carry the rest of the typing into another field (CI run Y1).
  it('focuses the first invalid field at once, without waiting for a frame', async () => {
    window.dtrApi = {
      invoke: (channel: string) => Promise.resolve({ ok: true, value: answer(channel) }),
      onProgress: () => () => undefined,
      onEvent: () => () => undefined,
    } as unknown as DtrApi;
    // Frames never come here: code that focuses from a frame callback leaves the focus where it was.
    const frames = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0);
    try {
      render(<main><Wizard /></main>); // as App renders it
      const next = await screen.findByRole('button', { name: 'Next' });
      await userEvent.click(next);
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Target');
      const dtrUrl = screen.getByLabelText(/DTR URL/);
      expect(dtrUrl.getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(dtrUrl);
    } finally {
      frames.mockRestore();
    }
  });
});
