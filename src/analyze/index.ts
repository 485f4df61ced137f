export * from './create-analyzer.js';
export { readInputBytes, type AnalyzeInput } from './input-bytes.js';
export { partToResult, aagToResult } from './part-to-result.js';
export type { StageValidators } from './run-pipeline.js';
