/**
 * Resilience: error classification, retry, timeout, circuit breaker, dead letters, audit trail,
 * metrics and health. Browser-safe (no Node imports; prom-client is loaded lazily and only by
 * `Metrics.prometheus()`).
 *
 * @packageDocumentation
 */
// createAbortError / throwIfAborted live in errors/ (storage uses them too; errors is below both).
export { createAbortError, throwIfAborted } from '../errors/abort.js';
export * from './clock.js';
export type { Disposable } from './disposable.js';
export * from './redact-secrets.js';
export * from './classify-error.js';
export * from './with-retry.js';
export * from './with-timeout.js';
export * from './circuit-breaker.js';
export * from './audit-trail.js';
export * from './dead-letter-queue.js';
export * from './metrics.js';
export { sha256Hex, toBase64, fromBase64 } from './bytes.js';
