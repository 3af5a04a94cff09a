#!/usr/bin/env node
// bench/checks: the full probe suite against a local RGW over TLS, side by side with the same S3 calls
// made one after another through one warm SDK client and through `aws s3api`, then again with 50 ms RTT
// injected (a delay line: see test/services/delay-line.ts). Starts and stops its own RGW.
// Usage: node bench/checks.mjs [--runs N] [--aws-runs N] [--skip-rtt]
import { createJiti } from 'jiti';
import { awsProbeSequence } from './lib/aws-probe-sequence.mjs';
import { replayProbeCalls } from './lib/probe-calls.mjs';
import { fmt, median } from './lib/median.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const RUNS = arg('--runs', 7);
const AWS_RUNS = arg('--aws-runs', 2);
const RTT_MS = 50;

const jiti = createJiti(import.meta.url);
const { startRgw } = await jiti.import('../test/services/rgw.ts');
const { startDelayLine } = await jiti.import('../test/services/delay-line.ts');
const { runChecks } = await jiti.import('../electron/services/checks/runner.ts');
const { presign } = await jiti.import('../electron/services/checks/pull.ts');
const { storageConfigSchema } = await jiti.import('../shared/storage-config.ts');
const S3 = await import('@aws-sdk/client-s3');
const { S3Client, CreateBucketCommand } = S3;
const { Agent, request } = await import('node:https');
const { NodeHttpHandler } = await import('@smithy/node-http-handler');

/** The same S3 calls, one after another, through one warm SDK client (keep-alive, like the runner's). */
function sdkSequence({ endpoint, ca, bucket, credentials, region }) {
  const agent = new Agent({ keepAlive: true, ca });
  const client = new S3Client({
    region, endpoint, forcePathStyle: true, credentials, maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
  });
  const call = async (op, input) => {
    const out = await client.send(new S3[`${op}Command`](input));
    if (out.Body?.transformToByteArray) await out.Body.transformToByteArray();
    return out;
  };
  const fetchAgent = new Agent({ keepAlive: true, ca });
  const fetchPresigned = async (method, key) => {
    const Command = method === 'GET' ? S3.GetObjectCommand : S3.HeadObjectCommand;
    const url = await presign({ s3: client, signal: AbortSignal.timeout(10_000) }, new Command({ Bucket: bucket, Key: key }));
    await new Promise((ok, fail) => request(url, { method, agent: fetchAgent }, (res) => { res.resume(); res.on('end', ok); }).on('error', fail).end());
  };
  return {
    run: async () => { const t0 = performance.now(); const calls = await replayProbeCalls({ call, fetchPresigned, bucket, root: 'bench' }); return { ms: performance.now() - t0, calls }; },
    close: () => { client.destroy(); fetchAgent.destroy(); },
  };
}

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
    const r = await awsProbeSequence({ endpoint: rgw.httpsEndpoint, caPath: rgw.caPath, bucket, accessKey: rgw.accessKey, secretKey: rgw.secretKey, region: rgw.region });
    aws.push(r.ms); calls = r.calls;
  }
  const sdkSeq = sdkSequence({ endpoint: rgw.httpsEndpoint, ca: rgw.caPem, bucket, credentials, region: rgw.region });
  await sdkSeq.run(); // warm: connections, module loading, JIT
  const sdk = [];
  let sdkCalls = 0;
  for (let i = 0; i < RUNS; i++) { const r = await sdkSeq.run(); sdk.push(r.ms); sdkCalls = r.calls; }
  sdkSeq.close();
  const n = last.probes.length;
  console.log('\n== loopback, TLS ==');
  console.log(`checks runner (${n} probes, ${RUNS} runs): median ${fmt(median(ours))}  [${ours.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`same calls in sequence, one warm SDK client (${sdkCalls} calls, ${RUNS} runs): median ${fmt(median(sdk))}  [${sdk.map((x) => x.toFixed(0)).join(', ')}]`);
  if (aws.length) console.log(`aws s3api sequence (${calls} calls, ${AWS_RUNS} runs): median ${fmt(median(aws))}  [${aws.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`ratio sdk sequence / runner: ${(median(sdk) / median(ours)).toFixed(2)}x${aws.length ? `; aws / runner: ${(median(aws) / median(ours)).toFixed(0)}x` : ''}`);
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
  // Longest chain of dependent round trips through the delay line: the TLS 1.3 handshake (1) + the push
  // probe's five stages (put and two creates | resume lists, part, stat, read, copy, part copy |
  // two completes | three reads and the delete listing | DeleteObjects) = 6. The pull probe is 5: handshake,
  // put, the unauthenticated client's own handshake, GET/HEAD, delete. (With netem the TCP handshake
  // would add one more: that is the "+ 1".)
  const depth = 6;
  const slowSeq = sdkSequence({ endpoint: slowEndpoint, ca: rgw.caPem, bucket, credentials, region: rgw.region });
  await slowSeq.run();
  const seq = [];
  for (let i = 0; i < 3; i++) seq.push((await slowSeq.run()).ms);
  slowSeq.close();
  const budget = 1.1 * (depth + 1) * rtt;
  console.log(`measured RTT (a TLS 1.3 handshake through the line): ${fmt(rtt)}`);
  console.log(`checks runner (5 runs): median ${fmt(median(slow))}  [${slow.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`critical-path depth counted: ${depth}; 1.1 x (depth + 1) x RTT = ${fmt(budget)}; runner / that = ${(median(slow) / budget).toFixed(2)} (goal <= 1)`);
  console.log(`same calls in sequence, one warm SDK client (3 runs): median ${fmt(median(seq))}  [${seq.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`ratio sdk sequence / runner: ${(median(seq) / median(slow)).toFixed(2)}x (goal >= 2.5)`);
  console.log(`probe durations (last run): ${slowLast.probes.map((p) => `${p.id}=${p.durationMs}`).join(' ')}`);
} catch (error) {
  console.error(`bench failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await teardown();
}
