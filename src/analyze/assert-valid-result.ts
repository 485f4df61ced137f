import { CadlensError } from '../errors/index.js';
import { ANALYSIS_SCHEMA_VERSION } from '../result/schema-version.js';
import type { AnalysisResult } from '../result/analysis-result-schema.js';
import { resultSchemas } from '../result/result-schemas.js';

/**
 * Checks a result against the published schema (used by tests and by consumers that want to be strict).
 * zod is loaded at the first call (src/deferred-packages/zod-module.ts): an analysis never validates its own result.
 * @throws CadlensError `INTERNAL` when `result` does not match the schema.
 */
export function assertValidResult(result: unknown): asserts result is AnalysisResult {
  const parsed = resultSchemas().analysisResultSchema.safeParse(result);
  if (!parsed.success) throw new CadlensError('INTERNAL', `result does not match schema ${ANALYSIS_SCHEMA_VERSION}: ${parsed.error.message}`);
}
