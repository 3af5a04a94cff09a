import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Partition } from '../../../shared/iam-policy';

/** One request through an independent IAM evaluator (@cloud-copilot/iam-simulate), not our own model. */
export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
export const account = '123456789012';

export async function decide(
  policy: unknown,
  partition: Partition,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  as: { resourcePolicy?: unknown; principal?: string } = {},
): Promise<Decision> {
  const response = await runSimulation(
    {
      identityPolicies: policy ? [{ name: 'registry', policy: policy as Record<string, unknown> }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(as.resourcePolicy ? { resourcePolicy: as.resourcePolicy } : {}),
      request: {
        action,
        principal: as.principal ?? `arn:${partition}:iam::${account}:user/dtr/dtr-storage`,
        resource: { accountId: account, resource },
        contextVariables: context,
      },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulation rejected: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}
