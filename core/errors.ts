/**
 * Typed errors shared by every room. Each carries a stable `code` that callers (CLI, HTTP
 * API, workers) map to exit codes, status codes and messages; `details` holds structured
 * context (e.g. zod issue paths) and `cause` the underlying error.
 */
export class LvuError extends Error {
  override readonly name: string = 'LvuError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** Input failed validation; `details.issues` lists the zod paths and messages. */
export class ValidationError extends LvuError {
  override readonly name = 'ValidationError';
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('VALIDATION_FAILED', message, options);
  }
}

/** A conditional write found a different version than expected (optimistic concurrency). */
export class ConditionFailedError extends LvuError {
  override readonly name = 'ConditionFailedError';
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('CONDITION_FAILED', message, options);
  }
}

/** A record or blob that was asked for does not exist. */
export class NotFoundError extends LvuError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** True when `err` is an LvuError (or subclass) with the given code. */
export function hasCode(err: unknown, code: string): boolean {
  return err instanceof LvuError && err.code === code;
}
