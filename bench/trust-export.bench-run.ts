import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { inject, it } from 'vitest';
import { exportBundle } from '../electron/services/export/write-bundle';
import { createS3Client } from '../electron/services/s3-client';
import { inspectPeerChain } from '../electron/services/tls/peer-chain';
import { storageConfigSchema } from '../shared/storage-config';
import { freePort } from '../test/services/ports';
import { scrubbedEnv, startRegistry } from '../test/services/registry';
import { issueServerCert, makeCa } from '../test/services/tls-certs';

/**
 * TLS inspection latency, export time (folder and zip), and "bundle → registry up → push → pull through
 * the 307" wall time, on the local RGW. RUNS=N overrides the count (default 20; 3 for the registry
 * round trip). Prints figures; asserts nothing.
 */
const rgw = inject('rgw');
const runs = Number(process.env.RUNS ?? 20);
const run = promisify(execFile);
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${at(0).toFixed(1)} ms (n=${s.length})`;
};
async function timed(n: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work(i);
    out.push(performance.now() - t);
  }
  return out;
}

it('prints trust and export figures', async () => {
  const work = mkdtempSync(join(tmpdir(), 'bench-trust-'));
  const port = Number(new URL(rgw.httpsEndpoint).port);
  const bucket = `bench-trust-${randomBytes(3).toString('hex')}`;
  const config = storageConfigSchema.parse({ provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, rootdirectory: '/bench', ca: rgw.caPem });
  const keys = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };
  try {
    console.log(`inspectPeerChain, no CA (1 handshake):   ${stats(await timed(runs, () => inspectPeerChain({ host: '127.0.0.1', port })))}`);
    console.log(`inspectPeerChain, with CA (2 handshakes): ${stats(await timed(runs, () => inspectPeerChain({ host: '127.0.0.1', port, caPem: rgw.caPem })))}`);
    const input = { config, credentials: keys, source: 'bench', clientTrust: { dtrHost: 'dtr.bench:4443', mode: 'ca' as const } };
    console.log(`exportBundle, folder: ${stats(await timed(runs, (i) => exportBundle({ ...input, out: join(work, `f${i}`) })))}`);
    console.log(`exportBundle, zip:    ${stats(await timed(runs, (i) => exportBundle({ ...input, out: join(work, `z${i}.zip`), zip: true })))}`);

    const s3 = createS3Client(config, { credentials: keys });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    const ca = await makeCa(join(work, 'pki'), 'bench');
    const cert = await issueServerCert(join(work, 'pki'), 'bench-reg', { ca, sans: ['IP:127.0.0.1'] });
    await run('bash', [join(import.meta.dirname, '..', 'test', 'services', 'registry', 'mkimage.sh'), join(work, 'image')], { env: scrubbedEnv(work) });
    const roundTrips = await timed(Math.min(runs, 3), async (i) => {
      const addr = `127.0.0.1:${await freePort()}`;
      const result = await exportBundle({ ...input, clientTrust: { dtrHost: addr, mode: 'ca', dtrCaPem: ca.pem }, out: join(work, `rt${i}`) });
      const configPath = join(work, `rt${i}.yml`);
      writeFileSync(configPath, `version: 0.1\n${readFileSync(join(result.path, 'registry-config.yml'), 'utf8')}`);
      const registry = await startRegistry({
        configPath, dir: work, name: `rt${i}`, addr,
        tls: { certPath: cert.certPath, keyPath: cert.keyPath, caPem: ca.pem },
        env: { SSL_CERT_FILE: join(result.path, 'registry', 'storage-ca.crt'), REGISTRY_STORAGE_S3_ACCESSKEY: keys.accessKeyId, REGISTRY_STORAGE_S3_SECRETKEY: keys.secretAccessKey },
      });
      try {
        const certDir = join(result.path, 'docker', 'certs.d', addr);
        const skopeo = (args: string[]) => run('skopeo', ['--insecure-policy', ...args], { env: scrubbedEnv(work), timeout: 60_000 });
        await skopeo(['copy', '--dest-cert-dir', certDir, `oci:${join(work, 'image')}:latest`, `docker://${addr}/bench/app:${i}`]);
        await skopeo(['copy', '--src-cert-dir', certDir, `docker://${addr}/bench/app:${i}`, `oci:${join(work, `pulled${i}`)}:latest`]);
      } finally {
        await registry.stop();
      }
    });
    console.log(`bundle → registry up → push → pull via 307: ${stats(roundTrips)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
