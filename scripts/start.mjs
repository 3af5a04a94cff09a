// `npm start`: make sure the Electron binary is there (Electron >= 42 fetches it on first use), then
// build and open the app. Says plainly what to do when the binary cannot be fetched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binaryPresent = () =>
  existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')));

if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !binaryPresent()) {
  console.log('Fetching the Electron binary (first start only)…');
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  if (fetched.status !== 0 || !binaryPresent()) {
    console.error(`
The Electron binary could not be downloaded (no access to its release server?).
  - On a connected machine, run: npx install-electron
  - Or point at an existing Electron build: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start
  - Without Electron, the same UI runs in a browser: npm run web
`);
    process.exit(1);
  }
}

const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
