// Run by endpoint-probe.test.ts in a scrubbed environment (PATH and HOME only: no NODE_EXTRA_CA_CERTS,
// SSL_CERT_FILE or AWS_CA_BUNDLE), so "untrusted" means untrusted by Node's own roots, not this machine's.
import { probeEndpoint } from '../../../electron/services/tls/endpoint-probe';
import { storageConfigSchema } from '../../../shared/storage-config';

const config = storageConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(JSON.stringify(await probeEndpoint(config)));
