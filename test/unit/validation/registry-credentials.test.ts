import { describe, expect, it } from 'vitest';
import { profilesChannels } from '../../../shared/channels/profiles';
import { wizardChannels } from '../../../shared/channels/wizard';
import { checkRegistryCredentials } from '../../../shared/validation';

const longTerm = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const sts = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: longTerm.secretAccessKey, sessionToken: 'FwoGZXIvYXdzEXAMPLE' };

describe("the registry's key must not be temporary", () => {
  it('refuses a session token, and an ASIA key id even without its token', () => {
    expect(checkRegistryCredentials(longTerm)).toEqual([]);
    expect(checkRegistryCredentials(sts).map((i) => i.code)).toEqual(['REGISTRY_KEY_TEMPORARY']);
    expect(checkRegistryCredentials({ accessKeyId: sts.accessKeyId }).map((i) => i.code)).toEqual(['REGISTRY_KEY_TEMPORARY']);
    expect(checkRegistryCredentials({ ...longTerm, sessionToken: 'x' }).map((i) => i.code)).toEqual(['REGISTRY_KEY_TEMPORARY']);
    // S3-compatible servers have their own key formats
    expect(checkRegistryCredentials({ accessKeyId: 'minioadmin' })).toEqual([]);
  });

  it('is applied at every IPC door a registry key enters, and only for the registry role', () => {
    const setKeys = profilesChannels['profiles.setKeys'].request;
    expect(setKeys.safeParse({ name: 'prod', role: 'registry', credentials: sts }).success).toBe(false);
    expect(setKeys.safeParse({ name: 'prod', role: 'registry', credentials: longTerm }).success).toBe(true);
    // setup credentials may be temporary (SSO, assumed roles): they are used by the app, not the registry
    expect(setKeys.safeParse({ name: 'prod', role: 'setup', credentials: sts }).success).toBe(true);
    const draft = wizardChannels['wizard.saveDraftSecret'].request.safeParse({ role: 'registry', credentials: sts });
    expect(draft.success).toBe(false);
    expect(JSON.stringify(draft.error?.issues)).toMatch(/session token/);
    const save = profilesChannels['profiles.save'].request.shape.secrets;
    expect(save.safeParse({ registry: sts }).success).toBe(false);
    expect(save.safeParse({ setup: sts, registry: longTerm }).success).toBe(true);
  });
});
