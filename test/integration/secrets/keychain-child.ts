/**
 * Runs in a child process (see child-bundle.ts). argv[2] is a JSON command; prints one JSON line per
 * step: { step, ok, value? , error? }. Exits 0 unless the process itself dies (a crash is the finding).
 */
import { AppError } from '../../../shared/app-error';
import { createSecretStore } from '../../../electron/services/secrets/secret-store';
import { createProfileServices } from '../../../electron/services/profiles';

interface Command {
  mode: 'seed' | 'secret-ops' | 'wizard-then-hang' | 'append-history' | 'rewrite-loop';
  profile?: string;
  count?: number;
  service: string;
  secret?: string;
  dataDir?: string;
}

const command = JSON.parse(process.argv[2] ?? '{}') as Command;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function step(name: string, work: () => Promise<unknown>): Promise<void> {
  try {
    print({ step: name, ok: true, value: (await work()) ?? null });
  } catch (error) {
    print({ step: name, ok: false, error: error instanceof AppError ? error.toData() : { code: 'NOT_APP_ERROR', message: String(error) } });
  }
}

if (command.mode === 'seed') {
  const store = createSecretStore({ service: command.service, timeoutMs: 10_000 });
  await step('seed', () => store.setCredentials('child', 'registry', { accessKeyId: 'AKIASEED', secretAccessKey: command.secret ?? 'x' }));
} else if (command.mode === 'secret-ops') {
  const store = createSecretStore({ service: command.service, timeoutMs: 10_000 });
  const secret = command.secret ?? 'x';
  await step('set', () => store.setCredentials('child', 'registry', { accessKeyId: 'AKIACHILD', secretAccessKey: secret }));
  await step('get', () => store.getCredentials('child', 'registry'));
  await step('list', () => store.list());
  await step('delete', () => store.delete('child', 'registry'));
  print({ step: 'end', ok: true });
} else if (command.mode === 'append-history') {
  // Another process (a cron `check --profile`) appending runs to the same profile at the same time.
  const services = createProfileServices({ dataDir: command.dataDir, secrets: createSecretStore({ service: command.service }) });
  for (let i = 0; i < (command.count ?? 10); i++) {
    await services.profiles.appendRecheckRun(command.profile ?? '', {
      startedAt: new Date().toISOString(), durationMs: i, status: 'pass', probes: [{ id: `pid-${process.pid}`, status: 'pass', durationMs: i }],
    });
  }
  print({ step: 'appended', ok: true });
} else if (command.mode === 'rewrite-loop') {
  // Rewrite one large profile as fast as possible until killed (bounded to 20 s): the parent kills it
  // mid-write and checks the file is always whole.
  const services = createProfileServices({ dataDir: command.dataDir, secrets: createSecretStore({ service: command.service }) });
  const name = command.profile ?? '';
  const started = Date.now();
  print({ step: 'started', ok: true });
  for (let i = 0; Date.now() - started < 20_000; i++) {
    await services.profiles.setProvisioningJournal(name, { round: i, padding: 'x'.repeat(200_000 + (i % 7) * 10_000) });
    print({ step: 'round', ok: true, value: i });
  }
} else if (command.mode === 'wizard-then-hang') {
  const services = createProfileServices({
    dataDir: command.dataDir,
    secrets: createSecretStore({ service: command.service }),
    debounceMs: 200,
  });
  await services.wizard.saveDraftSecret('setup', { accessKeyId: 'AKIADRAFT', secretAccessKey: command.secret ?? 'x' });
  // Typing: many saves in quick succession; only the last one should land on disk.
  for (let i = 1; i <= 20; i++) {
    services.wizard.save({ step: 'bucket', values: { dtrUrl: `typed-${'x'.repeat(i)}` } });
  }
  // Wait past the debounce window, then signal the parent and hang until it kills us (a crash, no teardown).
  await new Promise((r) => setTimeout(r, 600));
  print({ step: 'saved', ok: true });
  setInterval(() => undefined, 1_000);
}
