export * from './create-analyzer.js';
export { readInputBytes, type AnalyzeInput } from './input-bytes.js';
export { partToResult, aagToResult } from './part-to-result.js';
export type { StageValidators } from './run-pipeline.js';
export { resultCacheKey, RESULT_CACHE_KEY_VERSION, type ResultCacheKeyOptions } from './result-cache-key.js';
export type { ResultCacheConfig } from './result-cache-use.js';
export { MESH_MODES, type MeshMode } from './mesh-mode.js';
