#!/usr/bin/env node
// bench/checks: the full probe suite against a local RGW over TLS, side by side with the same probe
// sequence done through `aws s3api`, then again with 50 ms RTT injected (a delay line: see test/services/delay-line.ts).
// Starts and stops its own RGW. Usage: node bench/checks.mjs [--runs N] [--aws-runs N] [--skip-rtt]
import { createJiti } from 'jiti';
import { awsProbeSequence } from './lib/aws-probe-sequence.mjs';
import { fmt, median } from './lib/median.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const RUNS = arg('--runs', 7);
const AWS_RUNS = arg('--aws-runs', 2);
const RTT_MS = 50;

const jiti = createJiti(import.meta.url);
const { startRgw } = await jiti.import('../test/services/rgw.ts');
const { startDelayLine } = await jiti.import('../test/services/delay-line.ts');
const { runChecks } = await jiti.import('../electron/services/checks/runner.ts');
const { storageConfigSchema } = await jiti.import('../shared/storage-config.ts');
const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
const { Agent } = await import('node:https');
const { NodeHttpHandler } = await import('@smithy/node-http-handler');

/** A TLS 1.3 handshake through the delay line is one round trip (the TCP handshake is not delayed). */
async function measureRtt(port, ca) {
  const { connect } = await import('node:tls');
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await new Promise((ok, fail) => {
      const s = connect({ host: '127.0.0.1', port, ca }, () => { s.destroy(); ok(); });
      s.once('error', fail);
    });
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

console.log('starting RGW (HTTPS, throwaway CA)...');
const rgw = await startRgw();
let delayLine;
const teardown = async () => {
  await delayLine?.close();
  await rgw.stop();
};
process.once('SIGINT', () => void teardown().finally(() => process.exit(130)));

try {
  const bucket = `bench-checks-${process.pid}`;
  const admin = new S3Client({
    region: rgw.region, endpoint: rgw.httpsEndpoint, forcePathStyle: true,
    credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey },
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: rgw.caPem }) }),
  });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  const input = { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, secure: true, ca: rgw.caPem, rootdirectory: 'bench' };
  const config = storageConfigSchema.parse(input);
  const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };

  await runChecks(config, credentials); // warm-up (module loading, JIT)
  const ours = [];
  let last;
  for (let i = 0; i < RUNS; i++) { last = await runChecks(config, credentials); ours.push(last.totalMs); }
  const bad = last.probes.filter((p) => p.status === 'fail' || p.status === 'skipped');
  if (bad.length) throw new Error(`probes did not pass: ${JSON.stringify(bad.map((p) => [p.id, p.diagnosis?.code]))}`);
  const aws = [];
  let calls = 0;
  for (let i = 0; i < AWS_RUNS; i++) {
    const r = awsProbeSequence({ endpoint: rgw.httpsEndpoint, caPath: rgw.caPath, bucket, accessKey: rgw.accessKey, secretKey: rgw.secretKey, region: rgw.region });
    aws.push(r.ms); calls = r.calls;
  }
  console.log('\n== loopback, TLS ==');
  console.log(`checks runner (9 probes, ${RUNS} runs): median ${fmt(median(ours))}  [${ours.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`aws s3api sequence (${calls} calls, ${AWS_RUNS} runs): median ${fmt(median(aws))}  [${aws.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`ratio aws / runner: ${(median(aws) / median(ours)).toFixed(0)}x  (goal >= 20x)`);
  console.log(`probe durations (last run): ${last.probes.map((p) => `${p.id}=${p.durationMs}`).join(' ')}`);

  if (process.argv.includes('--skip-rtt')) process.exit(0);
  // netem is not available in this kernel (CONFIG_NET_SCH_NETEM unset; `tc qdisc add ... netem` fails
  // with "Specified qdisc kind is unknown"), so the RTT comes from a user-space delay line in front of RGW.
  console.log(`\n== ${RTT_MS} ms RTT (user-space delay line, ${RTT_MS / 2} ms each way; netem is not in this kernel) ==`);
  const rgwPort = Number(new URL(rgw.httpsEndpoint).port);
  delayLine = await startDelayLine(rgwPort, RTT_MS / 2);
  const slowEndpoint = `https://127.0.0.1:${delayLine.port}`;
  const slowConfig = storageConfigSchema.parse({ ...input, regionendpoint: slowEndpoint });
  const rtt = await measureRtt(delayLine.port, rgw.caPem);
  const slow = [];
  let slowLast;
  for (let i = 0; i < 5; i++) { slowLast = await runChecks(slowConfig, credentials); slow.push(slowLast.totalMs); }
  // Longest chain of dependent round trips through the delay line: TLS 1.3 handshake (1) + the
  // multipart probe's create, upload part, {ListMultipartUploads | ListParts} (concurrent), abort (4).
  // (With netem the TCP handshake would add one more.)
  const depth = 5;
  console.log(`measured RTT (a TLS 1.3 handshake through the line): ${fmt(rtt)}`);
  console.log(`checks runner (5 runs): median ${fmt(median(slow))}  [${slow.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`(critical-path depth ${depth} + 1) x RTT = ${fmt((depth + 1) * rtt)}; total / that = ${(median(slow) / ((depth + 1) * rtt)).toFixed(2)}`);
  console.log(`probe durations (last run): ${slowLast.probes.map((p) => `${p.id}=${p.durationMs}`).join(' ')}`);
} catch (error) {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await teardown();
}
