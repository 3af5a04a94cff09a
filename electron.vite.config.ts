import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { build, transformWithOxc, type Plugin } from 'vite';

/** Bundled into the main and CLI builds rather than loaded from node_modules (ESM-only or small). */
const BUNDLED_DEPS = ['commander', 'zod', 'yaml'];

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

/**
 * The headless CLI (bin/dtr-s3-assistant.js), built as CommonJS next to out/main (out/cli/cli.cjs). It is
 * a command people run many times (cron, CI), and Node 20 starts a CommonJS program about 17 ms sooner than
 * an ES module one: its ES module loader is not set up at all (measured with bench/cli-start.mjs; see
 * docs/architecture.md). Same sources, same bundled dependencies and the same externals as main. Commands
 * still load on first use: dynamic imports become chunks under out/cli/chunks.
 */
function cliCommonJs(): Plugin {
  let mainOutDir = '';
  return {
    name: 'dtr-cli-commonjs',
    apply: 'build',
    configResolved(config) {
      mainOutDir = config.build.outDir;
    },
    async closeBundle() {
      const deps = Object.keys((JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
      const external = deps.filter((dep) => !BUNDLED_DEPS.includes(dep));
      const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
      await build({
        configFile: false,
        root: __dirname,
        logLevel: 'warn',
        build: {
          ssr: true,
          target: 'node20',
          outDir: resolve(dirname(mainOutDir), 'cli'),
          emptyOutDir: true,
          reportCompressedSize: false,
          rollupOptions: {
            input: { cli: resolve(__dirname, 'electron/cli/index.ts') },
            external: (id) => builtins.has(id) || id === 'electron' || external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
            output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
          },
        },
        ssr: { noExternal: BUNDLED_DEPS },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [harnessShim(), cliCommonJs()],
    build: {
      externalizeDeps: { exclude: BUNDLED_DEPS },
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // the Electron main process
          index: resolve(__dirname, 'electron/main/index.ts'),
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
