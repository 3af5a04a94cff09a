import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from '../../../electron/cli/env-credentials';

describe('registry keys from the environment (render, export, check --config)', () => {
  it('a long-term key passes, none means the AWS chain', () => {
    expect(credentialsFromEnv({ DTR_S3_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE', DTR_S3_SECRET_KEY: 's' })).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' });
    expect(credentialsFromEnv({})).toBeUndefined();
  });
  it('a temporary key (ASIA…) is refused with the shared rule\'s code, never passed to the registry config', () => {
    expect(() => credentialsFromEnv({ DTR_S3_ACCESS_KEY: 'ASIAIOSFODNN7EXAMPLE', DTR_S3_SECRET_KEY: 's' })).toThrow(
      expect.objectContaining({ code: 'REGISTRY_KEY_TEMPORARY' }),
    );
  });
});
