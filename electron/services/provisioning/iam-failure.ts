import { AppError } from '../../../shared/app-error';
import { diagnoseIamError, type IamFailureContext } from '../../../shared/diagnosis-iam';
import { diagnoseNoAnswer } from '../checks/s3-call';
import { awsErrorName, httpStatusOf } from './steps';

/** Where the IAM calls go, for the diagnosis (no credentials in it). */
export interface IamSite {
  endpoint: string;
  region: string;
}

/** AWS's own IAM: the SDK picks the partition's global endpoint from the region. */
export const awsIamSite = (region: string): IamSite => ({ endpoint: 'AWS IAM (iam.amazonaws.com)', region: region || 'us-east-1' });

export type IamCall = Omit<IamFailureContext, 'endpoint' | 'region'>;

/**
 * A failed IAM call as the diagnosis the checks would give for its cause: no answer → the transport's,
 * an answer → shared/diagnosis-iam (which reuses the S3 words for credential faults). An AppError passes.
 */
export function iamError(error: unknown, call: IamCall, site: IamSite): AppError {
  if (error instanceof AppError) return error;
  const status = httpStatusOf(error);
  if (!status) return new AppError(diagnoseNoAnswer(error, call.operation, site.endpoint));
  // "Unknown": the SDK could not read the error's code from the body.
  const name = awsErrorName(error);
  return new AppError(diagnoseIamError(name && name !== 'Unknown' ? name : undefined, status, { ...call, ...site }));
}
