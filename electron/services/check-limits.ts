import { AppError } from '../../shared/app-error';
import { checkLimitProblem, checkLimitsFromEnv, type CheckLimits } from '../../shared/check-limits';

/** The limits from an environment, or CHECK_LIMIT_INVALID naming every wrong variable: what each service that waits calls. */
export function checkLimitsOrThrow(env: Readonly<Record<string, string | undefined>>): CheckLimits {
  const { limits, problems } = checkLimitsFromEnv(env);
  if (problems.length > 0) throw new AppError({ code: 'CHECK_LIMIT_INVALID', ...checkLimitProblem(problems) });
  return limits;
}
