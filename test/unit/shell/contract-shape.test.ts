import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appEventSchema, channels, contract, progressEventSchema } from '../../../shared/contract';

/** Unwrap pipes/defaults/optionals to the object schema underneath, if any. */
function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  for (let i = 0; i < 8; i++) {
    if (current instanceof z.ZodObject) return current;
    const def = (current as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    const next = def.innerType ?? def.in;
    if (!next) return undefined;
    current = next;
  }
  return undefined;
}

describe('the IPC contract', () => {
  it('has a request and a result schema for every channel, and channel names are dotted "area.action"', () => {
    expect(channels.length).toBeGreaterThan(0);
    for (const channel of channels) {
      expect(channel).toMatch(/^[a-z]+(\.[A-Za-z]+)+$/);
      expect(contract[channel].request, channel).toBeInstanceOf(z.ZodType);
      expect(contract[channel].result, channel).toBeInstanceOf(z.ZodType);
    }
  });

  it('every request is a strict object: unknown keys are rejected, not silently dropped', () => {
    const loose: string[] = [];
    for (const channel of channels) {
      const object = objectOf(contract[channel].request);
      const catchall = (object?._zod.def as { catchall?: z.ZodType } | undefined)?.catchall;
      if (!object || !(catchall instanceof z.ZodNever)) loose.push(channel);
    }
    expect(loose).toEqual([]);
  });

  it('progress and app events have their own schemas that reject malformed events', () => {
    expect(progressEventSchema.safeParse({ operationId: 'a', step: 's', status: 'pass' }).success).toBe(true);
    expect(progressEventSchema.safeParse({ operationId: 'a', step: 's', status: 'exploded' }).success).toBe(false);
    expect(appEventSchema.safeParse({ type: 'menu', command: 'export' }).success).toBe(true);
    expect(appEventSchema.safeParse({ type: 'menu', command: 'rm -rf' }).success).toBe(false);
  });
});
