import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { LvuError, ValidationError } from '../../core/errors';
import { clientMessage } from '../../core/jobs/client-messages';
import type { LogFields, Logger } from '../../core/log';

/** HTTP status per stable error code; anything unknown is a 500 with no internals. */
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHORIZED: 401,
  SIGNATURE_INVALID: 403,
  URL_EXPIRED: 403,
  NOT_FOUND: 404,
  NOT_AVAILABLE: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  NOT_READY: 409,
  VIDEO_FAILED: 409,
  UPLOAD_CLOSED: 409,
  INVALID_TRANSITION: 409,
  CONDITION_FAILED: 409,
  TASK_EXISTS: 409,
  LVU_TASK_NAME: 409,
  TRAINING_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  LABELS_REJECTED: 422,
  NOT_ENOUGH_LABELS: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** The one error body of the API: `{error: {code, message, details}}`. */
export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Where the bad field was: request body, query string, path or headers. */
const WHERE: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'headers' };

/**
 * Turns a zod failure from request validation into a ValidationError whose details list
 * every bad field by path (e.g. `{path: "bytes", in: "body", message: "Too small"}`).
 */
export function validationErrorFrom(target: string, error: ZodError): ValidationError {
  const where = WHERE[target] ?? target;
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), in: where, message: i.message }));
  const summary = issues.map((i) => `${i.in}${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ');
  return new ValidationError(`invalid request: ${summary}`, { details: { issues } });
}

/**
 * Maps anything thrown by a handler to the error body and status. LvuErrors keep their
 * code, message and details; Hono's own errors (malformed JSON, body too large) get codes;
 * everything else is logged and answered with a bare INTERNAL (never a stack trace).
 */
export function respondWithError(err: unknown, c: Context, log: Logger): Response {
  if (err instanceof LvuError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    if (status === 500) log.error(`api: ${err.code}: ${err.message}`, { ...requestFields(c), err });
    // The message may come from deep inside (a blob store, a stage): no server path leaves.
    return c.json(errorBody(err.code, clientMessage(err.message), err.details), status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'MALFORMED_REQUEST' : `HTTP_${status}`;
    return c.json(errorBody(code, err.message || 'request rejected'), status);
  }
  log.error(`api: INTERNAL: ${(err as Error)?.message ?? String(err)}`, { ...requestFields(c), err });
  return c.json(errorBody('INTERNAL', 'internal error'), 500);
}

/** The request's method and path, and its video when the path names one, for an error's log line. */
function requestFields(c: Context): LogFields {
  const path = new URL(c.req.url).pathname;
  const videoId = /\/videos\/([^/]+)/.exec(path)?.[1];
  return { method: c.req.method, path, ...(videoId ? { videoId } : {}) };
}
