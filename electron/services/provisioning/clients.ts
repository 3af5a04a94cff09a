import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { HttpResponse } from '@smithy/types';
import { awsErrorName, httpStatusOf } from './steps';
import type { RegistryKey } from './iam';
import { awsIamSite, type IamSite } from './iam-failure';

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
  const client = new IAMClient({
    region: region || 'us-east-1',
    ...(endpoints.iamEndpoint ? { endpoint: endpoints.iamEndpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      await readS3ShapedError(result.response as HttpResponse);
      return result;
    },
    // inside the deserializer: it sees the raw answer first
    { step: 'deserialize', priority: 'low', name: 'iamErrorsInS3Shape' },
  );
  return client;
}

/** Where the IAM calls go, for diagnoses. */
export const iamSite = (region: string, endpoints: IamEndpoints): IamSite =>
  endpoints.iamEndpoint ? { endpoint: endpoints.iamEndpoint, region: region || 'us-east-1' } : awsIamSite(region);

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Ceph RGW answers IAM calls with S3's error XML (<Error><Code>…), which the SDK's IAM parser cannot read
 * (every error became "Unknown"; a 404 even a parse error). Re-wrap the code in IAM's <ErrorResponse>,
 * so NoSuchEntity, MalformedPolicyDocument, AccessDenied … reach the diagnosis. AWS's answers pass as sent.
 */
async function readS3ShapedError(response: HttpResponse | undefined): Promise<void> {
  if (!response || response.statusCode < 300 || !response.body) return;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_ERROR_BODY) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const code = text.includes('<ErrorResponse') ? undefined : /<Error>\s*<Code>([A-Za-z0-9.]{1,100})<\/Code>/.exec(text)?.[1];
  response.body = new TextEncoder().encode(
    code ? `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error></ErrorResponse>` : text,
  );
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
