import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runProvision, type ProvisionCommandOptions } from '../../../electron/cli/commands/provision';
import { buildCli } from '../../../electron/cli/program';
import { DATA_DIR_ENV } from '../../../electron/services/profiles/data-dir';
import { createProfileServices } from '../../../electron/services/profiles';
import { createS3Client } from '../../../electron/services/s3-client';
import { storageConfigSchema } from '../../../shared/storage-config';

/**
 * `provision --reapply`: the CLI's grammar parses it (only the bucket settings provisioning applies), and
 * the same provisioning service re-applies exactly those drifted settings, on a real RGW.
 */
const rgw = inject('rgw');
const dir = mkdtempSync(join(tmpdir(), 'reapply-cli-'));
process.env[DATA_DIR_ENV] = join(dir, 'data');
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = rgw.accessKey;
  process.env.AWS_SECRET_ACCESS_KEY = rgw.secretKey;
});
afterAll(() => {
  for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

const services = createProfileServices({ dataDir: join(dir, 'data') });

/** The options commander hands the provision action for these arguments (the action itself is not run). */
async function parsed(args: string[]): Promise<ProvisionCommandOptions> {
  const program = buildCli();
  const provision = program.commands.find((c) => c.name() === 'provision');
  if (!provision) throw new Error('no provision command');
  let options: ProvisionCommandOptions | undefined;
  provision.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined }).action((o: ProvisionCommandOptions) => {
    options = o;
  });
  await program.parseAsync(['node', 'dtr-s3-assistant', 'provision', ...args]);
  if (!options) throw new Error('the action did not run');
  return options;
}

async function run(options: ProvisionCommandOptions) {
  const out = { stdout: '', stderr: '' };
  const code = await runProvision(options, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), services: async () => services });
  return { code, ...out };
}

describe('provision --reapply', () => {
  it('parses only the bucket settings provisioning applies', async () => {
    expect((await parsed(['--config', 'x.json', '--reapply', 'lifecycle', 'encryption'])).reapply).toEqual(['lifecycle', 'encryption']);
    expect((await parsed(['--config', 'x.json'])).reapply).toBeUndefined();
    await expect(parsed(['--config', 'x.json', '--reapply', 'bucket-policy'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('reports a changed lifecycle as drift and leaves it; with --reapply lifecycle it sets it back', async () => {
    const bucket = `reapply-${randomUUID().slice(0, 8)}`;
    const config = { provider: 's3-compatible', region: rgw.region, bucket, regionendpoint: rgw.httpEndpoint, forcepathstyle: true, secure: false };
    const path = join(dir, `${bucket}.json`);
    writeFileSync(path, JSON.stringify(config));
    const s3 = createS3Client(storageConfigSchema.parse(config), { credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
    const ruleIds = async () => ((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? []).map((r) => r.ID);

    expect((await run(await parsed(['--config', path]))).code).toBe(0);
    const theirs = { ID: 'theirs', Status: 'Enabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 3 } };
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [theirs] } }));

    const left = await run(await parsed(['--config', path]));
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toMatch(/^warning\s+lifecycle\s+.*changed since this tool set it/m);
    expect(left.stdout).toContain('provision again with --reapply lifecycle');
    expect(await ruleIds()).toEqual(['theirs']);

    const back = await run(await parsed(['--config', path, '--reapply', 'lifecycle']));
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^(created|updated)\s+lifecycle/m);
    expect((await ruleIds()).sort()).toEqual(['dtr-abort-incomplete-multipart-uploads', 'theirs']);
  });
});
