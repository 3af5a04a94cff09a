#!/usr/bin/env node
// The CLI runs from the build output so it shares the app's compiled services. CommonJS (bin/package.json),
// like the bundle it loads: Node 20 then never sets up its ES module loader for an offline command.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'cli', 'cli.cjs');
if (!existsSync(cli)) {
  console.error('dtr-s3-assistant is not built yet: run `npm run build` first.');
  process.exit(2);
}
require(cli).runCli(process.argv);
