import { defineConfig } from 'vitest/config';
import { setE2eCheckLimits } from './test/e2e/limits';

// The integration tests drive whole check runs against RGW and real registries, as the e2e tests do: on a
// 2-core machine at load average 20 a TLS handshake to RGW took past the 10 s probe default (clean-clone
// run beside 4 helpers and a soak). They get the e2e limits; tests about timeouts pass their own.
const integrationEnv: Record<string, string> = { AWS_EC2_METADATA_DISABLED: 'true' };
setE2eCheckLimits(integrationEnv);

export default defineConfig({
  test: {
    // Tests must never reach the EC2 instance metadata service (169.254.169.254) through the AWS
    // SDK's default credential chain: only 127.0.0.0/8 and our own namespaces are allowed targets.
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          // The renderer's component tests sit next to the step they test.
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
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
          env: integrationEnv,
          // Budgets, not waits (nothing waits for them to pass): at load average 20 a registry-matrix case
          // and the 1000-payload fuzz each ran past 60 s with every step succeeding.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
