// The checks' S3 calls done the way an administrator would by hand: one `aws s3api` process per call,
// in order (bench/lib/probe-calls.mjs). The environment is scrubbed (no AWS_CA_BUNDLE etc. from the
// machine); trust is given explicitly with --ca-bundle. The two presigned fetches are not s3api calls
// and are left out here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayProbeCalls } from './probe-calls.mjs';

const kebab = (op) => op.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export async function awsProbeSequence({ endpoint, caPath, bucket, accessKey, secretKey, region, root = 'bench' }) {
  const dir = mkdtempSync(join(tmpdir(), 'aws-seq-'));
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME ?? '/root',
    AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    // as the app's client does: checksums only where required (RGW mishandles the default CRC32 trailer)
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required', AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
  };
  let files = 0;
  const call = async (op, input) => {
    const { Body, ...rest } = op === 'ListBuckets' ? {} : input;
    const args = ['s3api', kebab(op)];
    for (const [name, value] of Object.entries(rest)) args.push(`--${kebab(name)}`, typeof value === 'object' ? JSON.stringify(value) : String(value));
    if (Body) {
      const path = join(dir, `body-${files++}`);
      writeFileSync(path, Body);
      args.push('--body', path);
    }
    if (op === 'GetObject') args.push(join(dir, 'out'));
    const out = execFileSync('aws', [...args, '--endpoint-url', endpoint, '--ca-bundle', caPath, '--output', 'json'], {
      env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.trim() ? JSON.parse(out) : {};
  };
  const t0 = performance.now();
  try {
    const calls = await replayProbeCalls({ call, bucket, root });
    return { ms: performance.now() - t0, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
