import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHarness } from './server';

export { startHarness } from './server';
export type { HarnessOptions, RunningHarness } from './server';
// For suites that start a harness with an extended table (the built bundle is what e2e tests import).
export { createHandlerTable } from '../ipc/handler-table';
// For suites that check what a flow left in the keychain, through the project's own store.
export { createSecretStore } from '../services/secrets/secret-store';

/** `npm run web -- [--port N]`: start the harness and print the page URL with its per-run token. */
async function main(argv: string[]): Promise<void> {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = arg === '--port' ? argv[++i] : arg?.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (value !== undefined) {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port needs a number from 0 to 65535, not "${value}"`);
        process.exit(2);
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run web -- [--port N]   (serves the built renderer on 127.0.0.1)');
      return;
    } else {
      console.error(`unknown argument "${arg}" (usage: npm run web -- [--port N])`);
      process.exit(2);
    }
  }
  const harness = await startHarness({ port }).catch((error: NodeJS.ErrnoException) => {
    console.error(`The harness cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  console.log(harness.url);
  const stop = (): void => void harness.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) void main(process.argv.slice(2));
