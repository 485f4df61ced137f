import type { AuditStore } from './audit-store.js';
import type { BreakerStateStore } from './breaker-state-store.js';
import type { DeadLetterStore } from './dead-letter-store.js';
import type { MetricsSampleStore } from './metrics-sample-store.js';

/**
 * The four stores an adapter provides (`createMemoryStores()`, `createFileStores()`,
 * `createPostgresStores()`, `createSupabaseStores()` all return this).
 */
export interface CadlensStores {
  /** Adapter id, same as each store's `id`. */
  readonly id: string;
  readonly deadLetters: DeadLetterStore;
  readonly audit: AuditStore;
  readonly metrics: MetricsSampleStore;
  readonly breakerState: BreakerStateStore;
  /** Release connections/handles. Idempotent. */
  close(): Promise<void>;
}
