// Regenerates docs/validation-matrix.md: runs the differential proof (check against a real registry on
// RGW, test/integration/registry/matrix.test.ts) and lets it write the table. Needs what the
// integration suite needs (radosgw, docker-registry, skopeo, umoci).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const doc = resolve('docs', 'validation-matrix.md');
const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'test/integration/registry/matrix.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', VALIDATION_MATRIX_DOC: doc },
});
console.log(result.status === 0 ? `wrote ${doc}` : `the matrix failed (exit ${result.status ?? result.signal}); ${doc} was rewritten only if every case ran to a verdict`);
process.exit(result.status ?? 1);
