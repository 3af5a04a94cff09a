import { defineConfig } from 'vitest/config';

/** `npx vitest run --config bench/vitest.trust.config.ts`: prints figures, asserts nothing. */
export default defineConfig({
  test: {
    include: ['bench/trust-export.bench-run.ts'],
    environment: 'node',
    globalSetup: ['test/services/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
