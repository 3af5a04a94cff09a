import { afterEach, describe, expect, it } from 'vitest';
import { checkLimitDefaults, checkLimitEnv, checkLimitsFromEnv, parseCheckLimitMs } from '../../../shared/check-limits';
import { runChecks } from '../../../electron/services/checks/runner';
import { measureRegionLatency } from '../../../electron/services/region-latency';
import { AppError } from '../../../shared/app-error';
import { storageConfigSchema } from '../../../shared/storage-config';

describe('check time limits', () => {
  it('accepts whole milliseconds from 1 s to 10 min and nothing else', () => {
    expect(parseCheckLimitMs('1000')).toEqual({ ok: true, value: 1000 });
    expect(parseCheckLimitMs(' 600000 ')).toEqual({ ok: true, value: 600_000 });
    for (const bad of ['999', '600001', '1e4', '10s', '-5000', '1.5', '', '0x1000', '99999999999999999999']) {
      expect(parseCheckLimitMs(bad).ok, bad).toBe(false);
    }
  });

  it('keeps the defaults when the variables are unset or empty, takes valid values, names a wrong one', () => {
    expect(checkLimitsFromEnv({})).toEqual({ limits: checkLimitDefaults, problems: [] });
    expect(checkLimitsFromEnv({ [checkLimitEnv.probeTimeoutMs]: '' }).limits).toEqual(checkLimitDefaults);
    expect(checkLimitsFromEnv({ [checkLimitEnv.probeTimeoutMs]: '25000', [checkLimitEnv.deadlineMs]: '90000' }).limits)
      .toEqual({ ...checkLimitDefaults, probeTimeoutMs: 25_000, deadlineMs: 90_000 });
    const wrong = checkLimitsFromEnv({ [checkLimitEnv.deadlineMs]: '30s' });
    expect(wrong.limits).toEqual(checkLimitDefaults);
    expect(wrong.problems).toEqual([expect.stringContaining('DTR_S3_ASSISTANT_CHECK_DEADLINE_MS: expected a whole number')]);
  });

  describe('the runner', () => {
    const saved = process.env[checkLimitEnv.probeTimeoutMs];
    afterEach(() => {
      if (saved === undefined) delete process.env[checkLimitEnv.probeTimeoutMs];
      else process.env[checkLimitEnv.probeTimeoutMs] = saved;
    });

    it('refuses to run with a wrong limit in the environment, as data, before any traffic', async () => {
      process.env[checkLimitEnv.probeTimeoutMs] = 'ten seconds';
      const config = storageConfigSchema.parse({ provider: 's3-compatible', bucket: 'limits-test', region: 'us-east-1', regionendpoint: 'http://127.0.0.1:9', secure: false });
      const error = await runChecks(config, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).toData()).toMatchObject({ code: 'CHECK_LIMIT_INVALID', message: expect.stringContaining('DTR_S3_ASSISTANT_PROBE_TIMEOUT_MS') });
    });

    it('the latency measurement refuses it too, even with a limit of its own (one rule for every service that waits)', async () => {
      process.env[checkLimitEnv.probeTimeoutMs] = '5';
      const error = await measureRegionLatency({ provider: 's3-compatible', endpoint: 'http://127.0.0.1:9', timeoutMs: 2_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).toData()).toMatchObject({ code: 'CHECK_LIMIT_INVALID', message: expect.stringContaining('DTR_S3_ASSISTANT_PROBE_TIMEOUT_MS') });
    });
  });
});
