import type { ServerResponse } from 'node:http';
import { CadlensError, isCadlensError, type CadlensErrorCode, type HttpErrorCode } from '../../../errors/index.js';
import { redactSecretText } from '../../../resilience/redact-secrets.js';

/** HTTP status of each `HTTP_*` code. */
const HTTP_STATUS: Record<HttpErrorCode, number> = {
  HTTP_BAD_REQUEST: 400,
  HTTP_INVALID_ID: 400,
  HTTP_UNAUTHORIZED: 401,
  HTTP_FORBIDDEN: 403,
  HTTP_NOT_FOUND: 404,
  HTTP_METHOD_NOT_ALLOWED: 405,
  HTTP_REQUEST_TIMEOUT: 408,
  HTTP_CONFLICT: 409,
  HTTP_PAYLOAD_TOO_LARGE: 413,
  HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  HTTP_NOT_IMPLEMENTED: 501,
};

/** Status for the library's own codes that reach the handler. */
const CODE_STATUS: Partial<Record<string, number>> = {
  DLQ_NOT_FOUND: 404,
  INTAKE_TOO_LARGE: 413,
  BREAKER_OPEN: 503,
  BREAKER_ISOLATED: 503,
  STORE_UNAVAILABLE: 503,
  RESOURCE_EXHAUSTED: 503,
  // The worker pool's "queue full" (issue 11); matched by string so this module does not depend on it.
  OVERLOADED: 503,
  TIMEOUT: 504,
};

/**
 * Status of an analysis result: 200 without `error`; with one, the status of its code (413 too large,
 * 504 import deadline…), else 422 for a permanent error (the file itself is bad) and 503 otherwise.
 * The body stays the whole result either way.
 */
export function resultStatus(error: { code: string; kind: string } | undefined): number {
  if (!error) return 200;
  return CODE_STATUS[error.code] ?? (error.kind === 'permanent' ? 422 : 503);
}

/** A typed HTTP error (`HTTP_*` code, kind `permanent`). */
export function httpError(code: HttpErrorCode, message: string, details: Record<string, unknown> = {}): CadlensError {
  return new CadlensError(code, message, { kind: 'permanent', details });
}

/** The JSON error body every non-2xx answer has. */
export interface HttpErrorBody {
  error: { code: string; message: string; requestId: string; stack?: string };
}

/**
 * Status and body for any thrown value. `CadlensError`s keep their code and (redacted) message;
 * anything else becomes `INTERNAL` with a generic message. Stacks only when `debug`.
 */
export function errorResponse(error: unknown, requestId: string, options: { debug: boolean; secrets: readonly string[] }): { status: number; body: HttpErrorBody } {
  const redact = (s: string) => redactSecretText(s, { secrets: options.secrets });
  let status = 500;
  let code: CadlensErrorCode | string = 'INTERNAL';
  let message = 'internal error';
  if (isCadlensError(error)) {
    code = error.code;
    status = HTTP_STATUS[error.code as HttpErrorCode] ?? CODE_STATUS[error.code] ?? 500;
    message = redact(error.message);
  } else if (options.debug && error instanceof Error) {
    message = redact(error.message);
  }
  const body: HttpErrorBody = { error: { code, message, requestId } };
  if (options.debug && error instanceof Error && error.stack) body.error.stack = redact(error.stack);
  return { status, body };
}

/** Writes a JSON body (no-op when the response already started, e.g. the client went away). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}
