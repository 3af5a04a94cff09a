import type { Diagnosis } from './checks';
import { diagnoseS3Error, serverAnswer } from './diagnosis';
import type { ErrorCode } from './error-codes';

/**
 * Diagnoses for IAM's answers to provisioning (user, inline policy, access keys). A cause the checks know
 * too (a wrong secret, an unknown key, a skewed clock) gets the checks' very words from diagnoseS3Error;
 * transport failures are diagnosed before this (diagnoseTransport), the same as for S3.
 */
export interface IamFailureContext {
  /** The IAM API operation, e.g. PutUserPolicy. */
  operation: string;
  /** The IAM action it needs, e.g. iam:PutUserPolicy. */
  action: string;
  userName: string;
  policyName?: string;
  /** The IAM endpoint the call went to (no credentials in it). */
  endpoint: string;
  region: string;
  /** The step's own problem, for an answer no entry below knows. */
  failed: { code: ErrorCode; message: string };
}

/** What the action is evaluated against, in words and as IAM names it. */
const resourceOf = (ctx: IamFailureContext) =>
  ctx.policyName ? `the inline policy ${ctx.policyName} of IAM user ${ctx.userName}` : `IAM user ${ctx.userName}`;

/** Ceph RGW 16 and MinIO offer no IAM user or key API (measured: RGW answers 405 MethodNotAllowed). */
const UNSUPPORTED = new Set(['MethodNotAllowed', 'NotImplemented', 'UnsupportedOperation', 'InvalidAction', 'UnknownOperation']);

/** Turn an IAM error code (or the bare HTTP status) into a diagnosis. */
export function diagnoseIamError(code: string | undefined, httpStatus: number | undefined, ctx: IamFailureContext): Diagnosis {
  const answer = serverAnswer(code, httpStatus);
  const resource = resourceOf(ctx);
  const credentialCode = code === 'InvalidClientTokenId' ? 'InvalidAccessKeyId' : code;
  if (credentialCode === 'SignatureDoesNotMatch' || credentialCode === 'InvalidAccessKeyId' || credentialCode === 'RequestTimeTooSkewed') {
    return diagnoseS3Error(credentialCode, httpStatus, { operation: ctx.operation, action: ctx.action, bucket: '', region: ctx.region, provider: 'aws', endpoint: ctx.endpoint });
  }
  if (code === 'AccessDenied' || (!code && httpStatus === 403)) {
    return {
      code: 'ACCESS_DENIED',
      message: `Access denied on ${ctx.operation} (the server answered ${answer}): the setup credentials are valid but may not ${ctx.action} on ${resource}.`,
      fix: `Use setup (administrator) credentials that allow ${ctx.action} on ${resource} (and remove any explicit Deny); provisioning needs iam:*User*, iam:*AccessKey* and iam:*UserPolicy* on that user. On Ceph RGW the setup user needs the capability user-policy=* (radosgw-admin caps add --caps="user-policy=*").`,
      cause: code ?? answer,
    };
  }
  switch (code) {
    case 'NoSuchEntity':
      return {
        code: 'IAM_NO_SUCH_ENTITY',
        message: `${ctx.operation} found no ${ctx.operation.includes('Policy') ? `IAM user ${ctx.userName} (or no such inline policy on it)` : `IAM user ${ctx.userName}`} at ${ctx.endpoint} (NoSuchEntity).`,
        fix: `Run provisioning again: it creates the user it does not find. If another admin deleted ${ctx.userName} meanwhile, check that nobody manages it by hand.`,
        cause: code,
      };
    case 'MalformedPolicyDocument':
      return {
        code: 'IAM_POLICY_MALFORMED',
        message: `${ctx.operation} was refused: the server calls the policy document for ${resource} malformed (${answer}). It names an action, an ARN or a condition this server does not know.`,
        fix: 'Choose the policy shape for this server (the IAM step\'s server choice, or policy --target), and check the bucket name and the KMS key id in it.',
        cause: code,
      };
    case 'EntityAlreadyExists':
      return {
        code: 'IAM_ENTITY_EXISTS',
        message: `${ctx.operation} was refused: ${resource} already exists (EntityAlreadyExists), but this run did not find it when it looked.`,
        fix: 'Run provisioning again: it adopts an existing user. If the name belongs to someone else\'s user, choose another one (--iam-user).',
        cause: code,
      };
    case 'LimitExceeded':
      return ctx.operation === 'CreateAccessKey'
        ? {
            code: 'IAM_KEY_LIMIT',
            message: `IAM user ${ctx.userName} already has the 2 access keys IAM allows per user, so ${ctx.operation} was refused (${answer}).`,
            fix: 'Choose "delete the oldest inactive key" (--on-key-limit delete-oldest-inactive) or "delete the oldest key" (delete-oldest), or delete one in IAM yourself.',
            cause: code,
          }
        : {
            code: 'IAM_LIMIT_EXCEEDED',
            message: `${ctx.operation} was refused: an IAM quota of the account is reached (${answer}), e.g. the number of users or the 2,048-character size of a user's inline policies.`,
            fix: 'Remove unused IAM users or inline policies, choose the smaller policy flavour, or ask AWS for a higher quota.',
            cause: code,
          };
  }
  if ((code && UNSUPPORTED.has(code)) || httpStatus === 405 || httpStatus === 501) {
    return {
      code: 'IAM_NOT_SUPPORTED',
      message: `${ctx.endpoint} does not offer IAM ${ctx.operation} (${answer}). Ceph RGW 16 offers only user policies, MinIO none of this API.`,
      fix: 'Create the registry user with the server\'s own tools (the IAM step and the export show the radosgw-admin or mc commands), or point the IAM endpoint at a real IAM service.',
      cause: code ?? answer,
    };
  }
  return { code: ctx.failed.code, message: ctx.failed.message, fix: 'The cause names IAM\'s answer; check the IAM endpoint, the setup credentials and the user name.', cause: answer };
}
