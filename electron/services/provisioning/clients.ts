import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsErrorName, httpStatusOf } from './steps';
import type { RegistryKey } from './iam';

/** Setup credentials: static keys, a provider (e.g. a named profile), or undefined for the default chain. */
export type SetupCredentials = IAMClientConfig['credentials'];

export interface IamEndpoints {
  /** Overrides for AWS-compatible environments (LocalStack and the like). Empty: AWS's own endpoints. */
  iamEndpoint?: string;
  stsEndpoint?: string;
}

/**
 * IAM with the setup (administrator) credentials. The SDK derives the partition's global IAM endpoint
 * from the region (iam.amazonaws.com, iam.cn-north-1.amazonaws.com.cn, iam.us-gov.amazonaws.com).
 */
export function createIamClient(region: string, endpoints: IamEndpoints, credentials: SetupCredentials): IAMClient {
  return new IAMClient({
    region: region || 'us-east-1',
    ...(endpoints.iamEndpoint ? { endpoint: endpoints.iamEndpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 3,
  });
}

/**
 * Who a registry key signs in as: STS GetCallerIdentity with that key. Undefined when AWS rejects the key;
 * throws when the endpoint cannot answer (then nobody can tell whether the key works).
 */
export function createWhoAmI(region: string, endpoints: IamEndpoints): (key: RegistryKey) => Promise<string | undefined> {
  return async (key) => {
    const sts = new STSClient({
      region: region || 'us-east-1',
      ...(endpoints.stsEndpoint ? { endpoint: endpoints.stsEndpoint } : {}),
      credentials: { ...key }, // a copy: the SDK tags the object it is given (`$source`)
      maxAttempts: 2,
    });
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      return identity.Arn;
    } catch (error) {
      const name = awsErrorName(error);
      if (['InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken'].includes(name) || httpStatusOf(error) === 403) {
        return undefined;
      }
      throw error;
    } finally {
      sts.destroy();
    }
  };
}
