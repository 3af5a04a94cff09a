import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport, type ExportIo } from '../../../electron/cli/commands/export';
import { exportBundle } from '../../../electron/services/export/write-bundle';
import { createProfileServices } from '../../../electron/services/profiles';
import { storageConfigSchema } from '../../../shared/storage-config';

/** One validated config at every door of the export: the same shared rules as `check` and `render`. */
const work = mkdtempSync(join(tmpdir(), 'export-door-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const star = storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', bucket: '*' });

describe('export validates the StorageConfig it is given', () => {
  it.each([
    ['bucket "*"', { bucket: '*' }],
    ['bucket with a wildcard', { bucket: 'dtr-*' }],
    ['root directory with a control character', { bucket: 'dtr-images', rootdirectory: 'a\nb' }],
    ['unknown region', { bucket: 'dtr-images', region: 'mars-1' }],
  ])('the service refuses %s and writes nothing', async (_name, fields) => {
    const out = join(work, `svc-${readdirSync(work).length}`);
    const config = storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', ...fields });
    await expect(exportBundle({ out, config, source: 'a test' })).rejects.toMatchObject({ code: 'EXPORT_CONFIG_INVALID' });
    expect(existsSync(out)).toBe(false);
  });

  it('the DTR CA must be PEM when given', async () => {
    const out = join(work, 'bad-ca');
    const config = storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' });
    await expect(exportBundle({ out, config, source: 'a test', clientTrust: { dtrHost: 'dtr.example.com', mode: 'ca', dtrCaPem: 'not a certificate' } }))
      .rejects.toMatchObject({ code: expect.stringMatching(/^PEM_|EXPORT_CONFIG_INVALID/) });
    expect(existsSync(out)).toBe(false);
  });

  it('CLI export --profile: a profile file with bucket "*" (written by hand or an older version) exits 2 and names the field', async () => {
    const services = createProfileServices({ dataDir: join(work, 'data') });
    const now = new Date().toISOString();
    mkdirSync(services.profiles.directory, { recursive: true });
    writeFileSync(join(services.profiles.directory, 'star.json'), JSON.stringify({ schemaVersion: 1, name: 'star', createdAt: now, updatedAt: now, storage: star }));
    let stderr = '';
    const io: ExportIo = { stdout: () => undefined, stderr: (t) => void (stderr += t), env: {}, services: async () => services };
    const out = join(work, 'cli-star');
    expect(await runExport({ profile: 'star', out }, io)).toBe(2);
    expect(stderr).toMatch(/bucket/i);
    expect(existsSync(out)).toBe(false);
  });
});
