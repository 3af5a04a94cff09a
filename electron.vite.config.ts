import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { transformWithOxc, type Plugin } from 'vite';

/** The browser harness's page-side shim (electron/harness/shim.ts) as a module script next to harness.js. */
function harnessShim(): Plugin {
  return {
    name: 'dtr-harness-shim',
    apply: 'build',
    async generateBundle() {
      const file = resolve(__dirname, 'electron/harness/shim.ts');
      const { code } = await transformWithOxc(readFileSync(file, 'utf8'), file, { lang: 'ts' });
      this.emitFile({ type: 'asset', fileName: 'harness-shim.js', source: code });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [harnessShim()],
    build: {
      externalizeDeps: { exclude: ['commander', 'zod', 'yaml'] },
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // the Electron main process
          index: resolve(__dirname, 'electron/main/index.ts'),
          // the headless CLI (bin/dtr-s3-assistant.js) shares the services and handler table,
          // so it is built with the same settings
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          // the browser-mode harness (`npm run web`, e2e); electron-builder.yml keeps it out of the package
          harness: resolve(__dirname, 'electron/harness/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // a sandboxed preload must be CommonJS
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves output unminified by default; the renderer's initial JS budget is 250 KB gzip.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
