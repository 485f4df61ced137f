export { ANALYSIS_SCHEMA_VERSION, STAGE_NAMES } from './schema-version.js';
export { findingSchema, stageResultSchema, recognitionSchema, analysisResultSchema, analysisResultJsonSchema } from './result-schemas.js';
export type { AnalysisResult, Finding, StageResult, RecognitionResult } from './analysis-result-schema.js';
