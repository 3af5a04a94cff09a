import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests must never reach the EC2 instance metadata service (169.254.169.254) through the AWS
    // SDK's default credential chain: only 127.0.0.0/8 and our own namespaces are allowed targets.
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          setupFiles: ['test/services/loopback-guard-setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/services/loopback-guard-setup.ts'],
          globalSetup: ['test/services/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
