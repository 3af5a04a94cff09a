#!/usr/bin/env node
// The CLI runs from the build output so it shares the app's compiled services.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('dtr-s3-assistant is not built yet: run `npm run build` first.');
  process.exit(2);
}
const { runCli } = await import(cli.href);
await runCli(process.argv);
