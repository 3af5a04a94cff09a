import { describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import { buildBundleContent } from '../../../electron/services/export/bundle-content';

const config = storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: 'registry', regionendpoint: 'https://s3.internal.example:9000', forcepathstyle: true });
const DTR_CA = '-----BEGIN CERTIFICATE-----\nRFRS\n-----END CERTIFICATE-----';
const readme = (dtrCaUnverified: boolean, dtrHost = 'dtr.example.com:4443') =>
  buildBundleContent({ config, source: 'a test', clientTrust: { dtrHost, mode: 'ca', dtrCaPem: DTR_CA, dtrCaUnverified } }).files.find((f) => f.path === 'README.md')?.content ?? '';

describe("the bundle README and an unverified DTR CA", () => {
  it('records the explicit "I know this CA does not verify <host>" choice, once', () => {
    const text = readme(true);
    expect(text).toContain("> **Warning: DTR's CA was not verified.** When this bundle was made, the CA for DTR did not verify `dtr.example.com:4443`");
    expect(text.match(/I know this CA does not verify dtr\.example\.com:4443/g)).toHaveLength(1);
    expect(readme(false)).not.toContain('not verified');
  });

  it('says each restart fact once: no restart on Linux for certs.d, a restart of Docker Desktop on macOS', () => {
    const text = readme(false);
    expect(text.match(/needs no restart/g)).toHaveLength(1);
    expect(text.match(/quit and reopen Docker Desktop/g)).toHaveLength(1);
  });
});
