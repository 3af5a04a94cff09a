import { describe, expect, it } from 'vitest';
import { diagnoseIamError, type IamFailureContext } from '../../../shared/diagnosis-iam';
import { diagnoseS3Error } from '../../../shared/diagnosis';

/**
 * The answers RGW 16 cannot give (it has no CreateUser / CreateAccessKey): AWS's EntityAlreadyExists and
 * LimitExceeded. The ones RGW gives are proved on it in test/integration/provisioning/diagnosis-rgw.test.ts.
 */
const ctx = (operation: string): IamFailureContext => ({
  operation,
  action: `iam:${operation}`,
  userName: 'dtr-storage',
  endpoint: 'AWS IAM (iam.amazonaws.com)',
  region: 'us-east-1',
  failed: { code: 'IAM_USER_CREATE_FAILED', message: 'Could not create IAM user dtr-storage.' },
});

describe('diagnoseIamError', () => {
  it('EntityAlreadyExists says the user exists and that a re-run adopts it', () => {
    expect(diagnoseIamError('EntityAlreadyExists', 409, ctx('CreateUser'))).toMatchObject({ code: 'IAM_ENTITY_EXISTS', message: expect.stringContaining('IAM user dtr-storage already exists'), fix: expect.stringContaining('--iam-user') });
  });

  it('LimitExceeded on CreateAccessKey is the two-keys-per-user limit; elsewhere an account quota', () => {
    expect(diagnoseIamError('LimitExceeded', 409, ctx('CreateAccessKey'))).toMatchObject({ code: 'IAM_KEY_LIMIT', message: expect.stringContaining('the 2 access keys IAM allows per user'), fix: expect.stringContaining('--on-key-limit') });
    expect(diagnoseIamError('LimitExceeded', 409, ctx('CreateUser'))).toMatchObject({ code: 'IAM_LIMIT_EXCEEDED' });
  });

  it('AWS IAM\'s InvalidClientTokenId is the checks\' unknown access key, in the checks\' words', () => {
    const s3 = diagnoseS3Error('InvalidAccessKeyId', 403, { operation: 'GetUser', action: 'iam:GetUser', bucket: '', region: 'us-east-1', provider: 'aws', endpoint: 'AWS IAM (iam.amazonaws.com)' });
    expect(diagnoseIamError('InvalidClientTokenId', 403, ctx('GetUser'))).toEqual(s3);
  });

  it('an answer it does not know keeps the step\'s own problem, with IAM\'s answer as the cause', () => {
    expect(diagnoseIamError('ServiceFailure', 500, ctx('CreateUser'))).toMatchObject({ code: 'IAM_USER_CREATE_FAILED', cause: 'ServiceFailure, HTTP 500' });
  });
});
