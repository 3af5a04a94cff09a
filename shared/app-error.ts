import { problemSchema, type ErrorCode, type Problem } from './error-codes';

/**
 * Errors cross every boundary (IPC, harness, CLI) as data, never as a stack, never with a secret.
 * `code` is one of shared/error-codes.ts; `message` says what happened; `fix` says what to do.
 */
export const appErrorSchema = problemSchema;
export type AppErrorData = Problem;

export class AppError extends Error {
  readonly code: ErrorCode;
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
