// The checks' S3 probe sequence done the way an administrator would by hand: one `aws s3api` process
// per call, in order. The environment is scrubbed (no AWS_CA_BUNDLE etc. from the machine); trust is
// given explicitly with --ca-bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function awsProbeSequence({ endpoint, caPath, bucket, accessKey, secretKey, region, root = 'bench' }) {
  const dir = mkdtempSync(join(tmpdir(), 'aws-seq-'));
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME ?? '/root',
    AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    // as the app's client does: checksums only where required (RGW mishandles the default CRC32 trailer)
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required', AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
  };
  const aws = (...args) =>
    execFileSync('aws', ['s3api', ...args, '--endpoint-url', endpoint, '--ca-bundle', caPath, '--output', 'json'], {
      env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
  const key = `${root}/dtr-s3-assistant-probe/aws-${Date.now()}`;
  const body = join(dir, 'body');
  writeFileSync(body, Buffer.alloc(1024, 7));
  const calls = [];
  const t0 = performance.now();
  const step = (name, ...args) => {
    calls.push(name);
    return aws(name, ...args);
  };
  try {
    step('list-buckets');
    step('head-bucket', '--bucket', bucket);
    step('get-bucket-location', '--bucket', bucket);
    step('head-bucket', '--bucket', bucket); // the clock probe's request
    step('put-object', '--bucket', bucket, '--key', `${key}/object`, '--body', body);
    step('get-object', '--bucket', bucket, '--key', `${key}/object`, join(dir, 'read'));
    if (!readFileSync(join(dir, 'read')).equals(readFileSync(body))) throw new Error('read-back mismatch');
    step('delete-object', '--bucket', bucket, '--key', `${key}/object`);
    step('list-objects-v2', '--bucket', bucket, '--prefix', `${root}/`, '--delimiter', '/');
    const { UploadId } = JSON.parse(step('create-multipart-upload', '--bucket', bucket, '--key', `${key}/multipart`));
    step('upload-part', '--bucket', bucket, '--key', `${key}/multipart`, '--upload-id', UploadId, '--part-number', '1', '--body', body);
    step('list-multipart-uploads', '--bucket', bucket, '--prefix', `${key}/multipart`);
    step('list-parts', '--bucket', bucket, '--key', `${key}/multipart`, '--upload-id', UploadId);
    step('abort-multipart-upload', '--bucket', bucket, '--key', `${key}/multipart`, '--upload-id', UploadId);
    return { ms: performance.now() - t0, calls: calls.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
