export * from './create-analyzer-pool.js';
export type { PoolAnalyzerSettings, PoolJobUsage, PoolRecognizersContext, PoolRecognizersFactory, PoolResultCacheSettings } from './pool-protocol.js';
export type { PoolSharedStores } from './store-bridge.js';
