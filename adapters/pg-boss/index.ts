/**
 * `cadlens/adapters/pg-boss`: batch analysis across machines on pg-boss 10 (Postgres or Supabase;
 * `pg-boss` is an optional peer dependency, loaded when a queue is created).
 *
 * @packageDocumentation
 * @module cadlens/adapters/pg-boss
 */
export {
  createPgBossQueue,
  type AnalysisJobData,
  type AnalysisJobInput,
  type AnalysisJobOutcome,
  type BatchResult,
  type BatchStatus,
  type JobAnalysisOptions,
  type PgBossAnalysisQueue,
  type PgBossQueueOptions,
  type QueueAnalyzer,
  type StorageObjectRef,
  type SupabaseStorageOptions,
  type UrlInputOptions,
  type WorkOptions,
} from './pg-boss-queue.js';
export { checkJobAnalysisOptions } from './job-analysis-options.js';
export { fetchInputUrl, safeUrlLabel, urlSecrets } from './url-input.js';
export { fetchStorageObject, storageObjectUrl } from './supabase-storage-input.js';
