import { AppError } from '../../shared/app-error';
import type { Channel, ChannelResult, ParsedRequest } from '../../shared/contract';
import { buildRecheckReport, renderRecheckReport } from '../../shared/recheck/report';
import { writeChosenFile } from '../services/chosen-file';
import type { ProfileServices } from '../services/profiles';
import { RecordingNotifier, createProfileRecheckScheduler, recheckProfile, type RecheckScheduler } from '../services/recheck';
import type { HandlerContext } from './handler-context';

type RecheckChannel = Extract<Channel, `recheck.${string}`>;
type RecheckHandlers = { [C in RecheckChannel]: (request: ParsedRequest<C>, context: HandlerContext) => Promise<ChannelResult<C>> };

/** "lab-rgw-recheck-20261123-1504.md": sortable, and safe on every file system (profile names are). */
function reportFileName(name: string, format: 'markdown' | 'json', at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  return `${name}-recheck-${stamp}.${format === 'json' ? 'json' : 'md'}`;
}

/**
 * Re-check handlers. `scheduler`: Electron main passes one that notifies through the OS; without one (the
 * browser harness, tests) a scheduler with a recording notifier is started on first use, so the schedule
 * still runs and the view can show what would have been notified.
 */
export function createRecheckHandlers(
  services: () => ProfileServices,
  chosenPaths: ReadonlySet<string>,
  scheduler?: RecheckScheduler,
): RecheckHandlers {
  let running = scheduler;
  const getScheduler = (): RecheckScheduler => {
    if (!running) {
      running = createProfileRecheckScheduler(services(), new RecordingNotifier());
      running.start();
    }
    return running;
  };
  return {
    'recheck.run': async ({ name }, context) => {
      const outcome = await recheckProfile(name, services(), { signal: context.signal, onProgress: (event) => context.emitProgress(event) });
      return { profile: outcome.profile, result: outcome.result, run: outcome.run, passed: outcome.passed, changes: outcome.changes ?? null };
    },
    'recheck.report': async ({ name, format, path }) => {
      const now = new Date();
      const text = renderRecheckReport(buildRecheckReport(await services().profiles.get(name), now), format);
      const fileName = reportFileName(name, format, now);
      if (path === undefined) return { text, fileName };
      if (!chosenPaths.has(path)) {
        throw new AppError({ code: 'PATH_NOT_CHOSEN', message: 'A report is only written to a path chosen in the save dialog.' });
      }
      await writeChosenFile(path, text);
      return { text, fileName, path };
    },
    'recheck.schedule.get': async () => getScheduler().status(),
    'recheck.schedule.set': async ({ intervalMinutes }) => getScheduler().setIntervalMinutes(intervalMinutes),
  };
}
