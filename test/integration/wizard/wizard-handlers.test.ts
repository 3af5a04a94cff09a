import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHandlerTable, dispatch } from '../../../electron/ipc/handler-table';
import { createProfileServices } from '../../../electron/services/profiles';
import { storageConfigSchema } from '../../../shared/storage-config';

/** The wizard's channels through the real handler table and dispatch (contract validation included). */
describe('wizard channels', () => {
  const rgw = inject('rgw');
  const dataDir = mkdtempSync(join(tmpdir(), 'wizard-handlers-'));
  const table = createHandlerTable({ profiles: createProfileServices({ dataDir }) });
  const context = () => ({ emitProgress: () => {}, signal: new AbortController().signal });
  const owner = `wizard-handlers-${Date.now().toString(36)}`;
  const config = storageConfigSchema.parse({
    provider: 's3-compatible', region: rgw.region, bucket: `wizard-handlers-${Date.now().toString(36)}`,
    regionendpoint: rgw.httpsEndpoint, forcepathstyle: true, ca: rgw.caPem,
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('export.write writes only where the save dialog pointed', async () => {
    const outcome = await dispatch(table, 'export.write', {
      path: join(dataDir, 'made-up'), config, clientTrust: { dtrHost: 'dtr.example.com', mode: 'ca', dtrCaPem: '' }, owner,
    }, context());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
  });

  it('export.download (browser host): the zip bytes, named as asked, no temporary file named in progress; a path is refused', async () => {
    const messages: string[] = [];
    const outcome = await dispatch<'export.download'>(table, 'export.download', {
      fileName: 'dtr-storage-x.zip', config, clientTrust: { dtrHost: 'dtr.example.com', mode: 'ca', dtrCaPem: '' }, owner,
    }, { ...context(), emitProgress: (event) => void messages.push(event.message ?? '') });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    const files = unzipSync(Buffer.from(outcome.value.zipBase64, 'base64'));
    expect(strFromU8(files['dtr-storage.json']!)).toContain(config.bucket);
    expect(outcome.value.containsSecrets).toBe(false);
    expect(messages.join('\n')).not.toMatch(/dtr-s3-download-/);
    expect(await dispatch(table, 'export.download', { fileName: '../x.zip', config, clientTrust: { dtrHost: 'd', mode: 'ca', dtrCaPem: '' }, owner }, context()))
      .toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await dispatch(table, 'export.hostInfo', {}, context())).toEqual({ ok: true, value: { saveDialog: false, profilesDirectory: join(dataDir, 'profiles') } });
  });

  it('checks.run reads the keys from the keychain and says so when there are none', async () => {
    const outcome = await dispatch(table, 'checks.run', { config, owner }, context());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'KEYS_MISSING' } });
    expect(JSON.stringify(outcome)).not.toContain(rgw.secretKey);
  });

  it('checks.run refuses keys sent over IPC: the contract has no place for them', async () => {
    const outcome = await dispatch(table, 'checks.run', { config, owner, credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } }, context());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('tls.inspect reads the storage endpoint\'s chain and verifies it against the given CA only', async () => {
    const { hostname, port } = new URL(rgw.httpsEndpoint);
    const outcome = await dispatch<'tls.inspect'>(table, 'tls.inspect', { host: hostname, port: Number(port), caPem: rgw.caPem }, context());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.trustedByCa).toEqual({ ok: true });
    expect(outcome.value.chain[0]!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
