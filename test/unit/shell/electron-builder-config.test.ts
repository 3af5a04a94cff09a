import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot run here (no Electron binary), so its configuration is checked against the
// JSON schema electron-builder itself validates with, plus the points this project relies on.
const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  deb: { depends: string[] };
  icon: string;
};

const check = new Ajv({ allErrors: true, strict: false }).compile(schema);

function validate(candidate: unknown): string[] {
  return check(candidate) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    expect(validate(config)).toEqual([]);
  });

  it('the schema check is real: a misspelt key or a wrong type is rejected', () => {
    expect(validate({ ...config, asarUnpak: [] }).length).toBeGreaterThan(0);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }).length).toBeGreaterThan(0);
    expect(validate({ ...config, asar: 'yes please' }).length).toBeGreaterThan(0);
  });

  it('targets AppImage, deb, dmg and nsis, with the app id and an icon that exists', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
    expect(existsSync(config.icon)).toBe(true);
    const png = readFileSync(config.icon);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
  });

  it('unpacks keytar from the asar, ships no harness, and sets the security fuses', () => {
    expect(config.asarUnpack).toContain('node_modules/@github/keytar/**');
    expect(config.files).toEqual(expect.arrayContaining(['!out/main/harness.js', '!out/main/harness-shim.js']));
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.deb.depends).toContain('libsecret-1-0');
  });
});
