export * from './create-analyzer-pool.js';
export type { PoolAnalyzerSettings } from './pool-protocol.js';
