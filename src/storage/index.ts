/**
 * Storage ports: the interfaces every adapter (`cadlens/adapters/memory`, `…/file`, `…/postgres`,
 * `…/supabase`) implements, the record shapes, and error helpers for adapter authors.
 * Contract tests for adapters live in `cadlens/testing` (`runStoreContract`).
 *
 * @packageDocumentation
 */
export type * from './store-common.js';
export type * from './dead-letter-store.js';
export type * from './audit-store.js';
export type * from './metrics-sample-store.js';
export type * from './breaker-state-store.js';
export type * from './stores.js';
export type * from './result-cache.js';
export {
  storeUnavailable,
  storeConflict,
  storeCorrupt,
  deadLetterNotFound,
  createAbortError,
  throwIfAborted,
} from './store-errors.js';
