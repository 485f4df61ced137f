/**
 * Resilience: error classification, retry, timeout, circuit breaker, dead letters, audit trail,
 * metrics and health. Browser-safe (no Node imports).
 *
 * @packageDocumentation
 */
export * from './abort.js';
export * from './clock.js';
