import { SimulatePrincipalPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { awsIamSite, iamError, type IamSite } from './iam-failure';
import { AppError } from '../../../shared/app-error';
import type { PermissionProbe } from '../../../shared/iam-policy';
import { record } from './journal';
import { announce, awsErrorName, describeAwsError, finish, isUnsupported, type StepContext, type StepResult } from './steps';

export interface ProbeVerdict extends PermissionProbe {
  expected: 'allowed' | 'denied';
  decision: string;
}

/** Probes with the same resource and context go into one SimulatePrincipalPolicy call. */
function groupProbes(probes: PermissionProbe[]): PermissionProbe[][] {
  const groups = new Map<string, PermissionProbe[]>();
  for (const probe of probes) {
    const key = `${probe.resource}\n${JSON.stringify(probe.context ?? {})}`;
    groups.set(key, [...(groups.get(key) ?? []), probe]);
  }
  return [...groups.values()];
}

async function simulate(iam: IAMClient, userArn: string, group: PermissionProbe[]): Promise<Map<string, string>> {
  const first = group[0];
  if (!first) return new Map();
  const decisions = new Map<string, string>();
  let marker: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn,
        ActionNames: group.map((p) => p.action),
        ResourceArns: [first.resource],
        ContextEntries: Object.entries(first.context ?? {}).map(([ContextKeyName, value]) => ({
          ContextKeyName,
          ContextKeyType: 'string',
          ContextKeyValues: [value],
        })),
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    for (const evaluation of result.EvaluationResults ?? []) {
      if (evaluation.EvalActionName) decisions.set(evaluation.EvalActionName, evaluation.EvalDecision ?? 'unknown');
    }
    if (!result.IsTruncated || !result.Marker) break;
    marker = result.Marker;
  }
  return decisions;
}

/**
 * iam:SimulatePrincipalPolicy for every action the registry needs (allowed on its ARN) and a few it must
 * never have (denied). Endpoints without simulation (LocalStack, S3-compatible IAM) get a warning: the
 * storage engine's live probes check the permissions instead.
 */
export async function verifyUserPermissions(
  iam: IAMClient,
  userArn: string,
  probes: { allowed: PermissionProbe[]; denied: PermissionProbe[] },
  context: StepContext,
  retry: { attempts: number; delayMs: number } = { attempts: 4, delayMs: 2_000 },
  site: IamSite = awsIamSite(''),
): Promise<StepResult & { verdicts: ProbeVerdict[] }> {
  announce(context, 'verify', 'Simulating the user\'s permissions (iam:SimulatePrincipalPolicy)');
  let verdicts: ProbeVerdict[] = [];
  const all = [
    ...probes.allowed.map((p) => ({ ...p, expected: 'allowed' as const })),
    ...probes.denied.map((p) => ({ ...p, expected: 'denied' as const })),
  ];
  try {
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      verdicts = [];
      for (const group of groupProbes(all)) {
        const decisions = await simulate(iam, userArn, group);
        for (const probe of group as typeof all) verdicts.push({ ...probe, decision: decisions.get(probe.action) ?? 'missing' });
      }
      // A policy written seconds ago may not be visible to the simulator yet (IAM is eventually
      // consistent): only an implicit deny of a needed action is worth another look.
      const propagating = verdicts.some((v) => v.expected === 'allowed' && v.decision === 'implicitDeny');
      if (!propagating || attempt === retry.attempts) break;
      await new Promise((resolve) => setTimeout(resolve, retry.delayMs));
    }
  } catch (error) {
    const name = awsErrorName(error);
    if (isUnsupported(error) || name === 'AccessDenied' || name === 'UnknownOperation') {
      await record(context.store, context.journal, 'verify', { phase: 'done', outcome: 'warn', createdByUs: false });
      const why = name === 'AccessDenied' ? 'the setup credentials may not call it' : 'this endpoint does not offer it';
      return {
        ...finish(context, {
          step: 'verify',
          outcome: 'warn',
          message: `Policy simulation is not available (${why}: ${describeAwsError(error)}); the storage checks' live probes verify the permissions instead`,
        }),
        verdicts: [],
      };
    }
    const failed = { code: 'IAM_VERIFY_FAILED' as const, message: 'The permission simulation failed.' };
    throw iamError(error, { operation: 'SimulatePrincipalPolicy', action: 'iam:SimulatePrincipalPolicy', userName: userArn, failed }, site);
  }
  const wrong = verdicts.filter((v) => (v.expected === 'allowed') !== (v.decision === 'allowed'));
  if (wrong.length > 0) {
    await record(context.store, context.journal, 'verify', { phase: 'done', outcome: 'warn', createdByUs: false });
    throw new AppError({
      code: 'IAM_PERMISSIONS_WRONG',
      message: `The simulated permissions differ from the policy's intent: ${wrong
        .map((v) => `${v.action} on ${v.resource} is ${v.decision}, expected ${v.expected}`)
        .join('; ')}.`,
      fix: 'A permissions boundary, an SCP or another policy on this user changes the result. Review them in IAM, then run again.',
    });
  }
  await record(context.store, context.journal, 'verify', { phase: 'done', outcome: 'verified', createdByUs: false });
  const allowedCount = verdicts.filter((v) => v.expected === 'allowed').length;
  return {
    ...finish(context, {
      step: 'verify',
      outcome: 'verified',
      message: `Simulation: all ${allowedCount} needed actions allowed on their ARNs, ${verdicts.length - allowedCount} forbidden ones denied`,
    }),
    verdicts,
  };
}
