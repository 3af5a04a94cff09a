import { z } from 'zod';

/**
 * Errors cross every boundary (IPC, harness, CLI) as data, never as a stack, never with a secret.
 * `code` is stable and machine-readable; `message` says what happened; `fix` says what to do.
 */
export const appErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  fix: z.string().optional(),
  cause: z.string().optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly causeText?: string;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.fix = data.fix;
    this.causeText = data.cause;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.fix ? { fix: this.fix } : {}),
      ...(this.causeText ? { cause: this.causeText } : {}),
    };
  }
}
