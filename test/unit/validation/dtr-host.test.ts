import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport, type ExportIo } from '../../../electron/cli/commands/export';
import { contract } from '../../../shared/contract';
import { clientTrustSchema } from '../../../shared/profile';
import { certsDirName } from '../../../shared/trust/cert-layout';
import { stepErrors, initialValues } from '../../../renderer/src/wizard/model';

/** Hosts from issue 14 and their cousins: each must be refused at every door. */
export const HOSTILE_DTR_HOSTS = [
  'x#>New-Item("PWNED")<#',
  '..',
  'dtr\\..\\..\\Windows',
  'dtr$(id>x)',
  'dtr`id`',
  "dtr'x",
  'dtr\u2019x',
  'dtr"x',
  'dtr\u201cx',
  'dtr;id',
  'dtr|id',
  'dtr\nid',
  'dtr.example.com\n',
  ' dtr.example.com',
  'dtr lab',
  'https://dtr.example.com',
  'dtr.example.com/',
  'dtr.example.com/../x',
  'user@dtr.example.com',
  '.dtr',
  'dtr.',
  'a..b',
  '-dtr.example.com',
  'dtr-.example.com',
  `${'a'.repeat(64)}.example.com`,
  `${'a.'.repeat(127)}aa`,
  'dtr.example.com:0',
  'dtr.example.com:65536',
  'dtr.example.com:443x',
  'dtr.example.com:',
  'dtr.example.com:0443',
  'dtr:443:1',
  '1.2.3.999',
  '01.2.3.4',
  '1.2.3',
  '[::1',
  '::1',
  '[zz::1]',
  '[fe80::1%eth0]',
  '[::1]x',
  '',
];

const work = mkdtempSync(join(tmpdir(), 'dtr-host-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the DTR host rule (certsDirName)', () => {
  it.each([
    ['dtr.example.com', 'dtr.example.com'],
    ['DTR.Example.COM:4443', 'dtr.example.com:4443'],
    ['dtr.example.com:443', 'dtr.example.com'],
    ['dtr', 'dtr'],
    ['dtr-1.internal', 'dtr-1.internal'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['10.0.0.5:5000', '10.0.0.5:5000'],
    ['[2001:db8::1]:4443', '[2001:db8::1]:4443'],
    ['[::1]', '[::1]'],
    ['[::ffff:10.0.0.1]:4443', '[::ffff:10.0.0.1]:4443'],
  ])('accepts %j as certs.d/%s', (host, dir) => {
    expect(certsDirName(host)).toBe(dir);
  });

  it.each(HOSTILE_DTR_HOSTS.map((h) => [h]))('refuses %j', (host) => {
    expect(() => certsDirName(host)).toThrow(expect.objectContaining({ code: 'TRUST_BAD_DTR_HOST' }));
  });
});

describe('the DTR host rule at every door', () => {
  const exportRequest = (dtrHost: string) => ({
    path: '/tmp/x',
    config: { provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' },
    clientTrust: { dtrHost, mode: 'ca', dtrCaPem: '' },
    owner: 'lab',
  });

  it('IPC export.write: refuses a hostile host; an empty one means "no client trust part"', () => {
    for (const host of HOSTILE_DTR_HOSTS.filter(Boolean)) {
      expect(contract['export.write'].request.safeParse(exportRequest(host)).success, host).toBe(false);
    }
    expect(contract['export.write'].request.safeParse(exportRequest('')).success).toBe(true);
    expect(contract['export.write'].request.safeParse(exportRequest('dtr.example.com:4443')).success).toBe(true);
    const { path: _path, ...download } = exportRequest('x#>New-Item("PWNED")<#');
    expect(contract['export.download'].request.safeParse({ ...download, fileName: 'b.zip' }).success).toBe(false);
    expect(contract['export.download'].request.safeParse({ ...download, clientTrust: { ...download.clientTrust, dtrHost: 'dtr' }, fileName: 'b.zip' }).success).toBe(true);
  });

  it('IPC profiles.save: a profile cannot carry a hostile host', () => {
    const save = (dtrHost: string) => ({
      profile: { name: 'lab', storage: { provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' }, clientTrust: { dtrHost, mode: 'ca', dtrCaPem: '' } },
    });
    expect(contract['profiles.save'].request.safeParse(save('x#>New-Item("PWNED")<#')).success).toBe(false);
    expect(contract['profiles.save'].request.safeParse(save('..')).success).toBe(false);
    expect(contract['profiles.save'].request.safeParse(save('dtr.example.com')).success).toBe(true);
  });

  it('CLI export --dtr-host: exit 2 with the reason, nothing written', async () => {
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' }));
    for (const [i, host] of ['x#>New-Item("PWNED")<#', '..', 'dtr\\..\\..\\Windows', 'dtr$(id>x)', 'dtr\u2019x'].entries()) {
      let stderr = '';
      const io: ExportIo = { stdout: () => undefined, stderr: (t) => void (stderr += t), env: {}, services: () => Promise.reject(new Error('unused')) };
      const out = join(work, `out-${i}`);
      expect(await runExport({ config, out, dtrHost: host }, io), host).toBe(2);
      expect(stderr, host).toContain('TRUST_BAD_DTR_HOST');
      expect(existsSync(out), host).toBe(false);
    }
  });

  it('the wizard form: the trust step blocks a hostile host', () => {
    for (const host of ['x#>New-Item("PWNED")<#', '..', 'dtr\\..\\..\\Windows']) {
      const errors = stepErrors('trust', { ...initialValues, dtrHost: host }, {});
      expect(errors.dtrHost, host).toBeTruthy();
    }
    expect(stepErrors('trust', { ...initialValues, dtrHost: 'dtr.example.com' }, {}).dtrHost).toBeUndefined();
  });
});

describe('saved profiles', () => {
  it('a DTR URL saved by an older version reads as its host; anything else must pass the rule', () => {
    const host = (dtrHost: string) => clientTrustSchema.safeParse({ dtrHost, mode: 'ca', dtrCaPem: '' });
    expect(host('https://dtr.example.com:4443/').data?.dtrHost).toBe('dtr.example.com:4443');
    expect(host('https://dtr.example.com').data?.dtrHost).toBe('dtr.example.com');
    expect(host('https://x#>New-Item("PWNED")<#/').success).toBe(false);
    expect(host('https://dtr.example.com/path').success).toBe(false);
  });
});
