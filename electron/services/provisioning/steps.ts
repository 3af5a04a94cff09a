import { AppError } from '../../../shared/app-error';
import type { ProgressEvent } from '../../../shared/contract';
import type { Journal, JournalStore, StepId, StepOutcome } from './journal';

/** What every provisioning or rollback step needs: the journal, its store, and a progress sink. */
export interface StepContext {
  operationId: string;
  store: JournalStore;
  journal: Journal;
  emit: (event: ProgressEvent) => void;
  /** Cancellation: checked before every step, so a cancel never leaves a half-written journal entry. */
  signal?: AbortSignal;
}

export interface StepResult {
  /** A journaled step, or 'settings': the app's settings file was moved aside on the way (a notice, not journaled). */
  step: StepId | 'settings';
  outcome: StepOutcome | 'deleted' | 'kept';
  message: string;
  /** A bucket setting this tool applied earlier that has been changed since: left as it is, until asked. */
  drift?: { current: string; wanted: string };
}

const statusOf: Record<StepResult['outcome'], ProgressEvent['status']> = {
  created: 'created',
  updated: 'updated',
  adopted: 'skipped',
  unchanged: 'skipped',
  skipped: 'skipped',
  verified: 'pass',
  warn: 'warn',
  deleted: 'done',
  kept: 'skipped',
};

export function announce(context: StepContext, step: StepId, message: string): void {
  if (context.signal?.aborted) {
    throw new AppError({ code: 'CANCELLED', message: `Cancelled before ${step}. Run again to continue where it stopped.` });
  }
  context.emit({ operationId: context.operationId, step, status: 'running', message });
}

export function finish(context: StepContext, result: StepResult): StepResult {
  context.emit({ operationId: context.operationId, step: result.step, status: statusOf[result.outcome], message: result.message });
  return result;
}

/**
 * The error's wire code, e.g. NoSuchEntity, BucketAlreadyOwnedByYou. The SDK names IAM's errors with an
 * "Exception" suffix (NoSuchEntityException for the wire code NoSuchEntity); it is dropped here.
 */
export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const candidate = error as { name?: unknown; Code?: unknown };
  const name = typeof candidate.Code === 'string' ? candidate.Code : typeof candidate.name === 'string' ? candidate.name : '';
  return name.replace(/Exception$/, '');
}

export function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return metadata?.httpStatusCode;
}

/** A short description of an AWS error for a message: its name and HTTP status, never its raw text. */
export function describeAwsError(error: unknown): string {
  const name = awsErrorName(error) || 'Error';
  const status = httpStatusOf(error);
  return status ? `${name} (HTTP ${status})` : name;
}

/** Errors meaning "this server does not offer that API" (S3-compatible services, IAM emulators). */
export function isUnsupported(error: unknown): boolean {
  const name = awsErrorName(error);
  const status = httpStatusOf(error);
  return (
    ['NotImplemented', 'MethodNotAllowed', 'UnsupportedOperation', 'InvalidAction', 'XmlParseError'].includes(name) ||
    status === 405 ||
    status === 501 ||
    // the SDK cannot parse an S3-style XML error from a non-AWS IAM endpoint
    (error instanceof Error && /Deserialization error|char '<'|Expected closing tag/i.test(error.message) && !status)
  );
}
