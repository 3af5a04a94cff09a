// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DtrApi } from '../../../shared/api';
import { recheckChannels, type RecheckScheduleStatus } from '../../../shared/channels/recheck';
import { SchedulePanel } from './SchedulePanel';

/**
 * The schedule panel says when the saved interval did not apply because the settings file was moved aside
 * (main's answer is parsed with the channel's result schema, so it is one main can give).
 */
const movedAside = {
  code: 'SETTINGS_QUARANTINED',
  message: 'The settings file could not be used (it is not JSON); it was moved to /data/settings.json.quarantined-2026-11-30T19-57-32-882Z and the defaults apply.',
  fix: 'Nothing to do. Delete the moved file once you no longer need what it held.',
};
const status = (intervalMinutes: number, settingsProblems: unknown[]): RecheckScheduleStatus =>
  recheckChannels['recheck.schedule.get'].result.parse({ intervalMinutes, nextRunAt: null, lastTickAt: null, running: false, lastNotification: null, lastErrors: [], settingsProblems });

function renderPanel(answers: Record<string, RecheckScheduleStatus>) {
  const sent: string[] = [];
  window.dtrApi = {
    invoke: (channel: string, request: unknown) => {
      sent.push(channel);
      recheckChannels[channel as keyof typeof recheckChannels].request.parse(request);
      const value = answers[channel];
      return Promise.resolve(value ? { ok: true, value } : { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } });
    },
    onProgress: () => () => undefined,
    onEvent: () => () => undefined,
  } as unknown as DtrApi;
  render(<SchedulePanel refreshKey={0} />);
  return sent;
}

afterEach(cleanup);

// A budget, not a wait: on a loaded machine rendering and clicking alone can take seconds.
describe('Scheduled re-check panel', { timeout: 120_000 }, () => {
  it('says the settings file was moved aside and where, next to "off"; saving an interval again clears it', async () => {
    const sent = renderPanel({ 'recheck.schedule.get': status(0, [movedAside]), 'recheck.schedule.set': status(30, []) });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Settings reset: The settings file could not be used (it is not JSON); it was moved to /data/settings.json.quarantined-');
    expect(within(alert).getByText(/Delete the moved file/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('The scheduled re-check is off.');

    const field = screen.getByLabelText('Interval in minutes (0 = off)');
    await userEvent.clear(field);
    await userEvent.type(field, '30');
    await userEvent.click(screen.getByRole('button', { name: 'Save interval' }));
    await screen.findByText(/Every 30 minutes\. Saved\./);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent).toEqual(['recheck.schedule.get', 'recheck.schedule.set']);
  });

  it('says nothing of the settings file when it was used', async () => {
    renderPanel({ 'recheck.schedule.get': status(15, []) });
    await screen.findByText(/Every 15 minutes/);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
