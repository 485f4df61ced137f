import { CadlensError } from '../errors/index.js';
import { analysisResultSchema, ANALYSIS_SCHEMA_VERSION, type AnalysisResult } from '../result/index.js';

/**
 * Checks a result against the published schema (used by tests and by consumers that want to be strict).
 * In its own module so that an analysis, which never validates its own result, does not load zod.
 * @throws CadlensError `INTERNAL` when `result` does not match the schema.
 */
export function assertValidResult(result: unknown): asserts result is AnalysisResult {
  const parsed = analysisResultSchema.safeParse(result);
  if (!parsed.success) throw new CadlensError('INTERNAL', `result does not match schema ${ANALYSIS_SCHEMA_VERSION}: ${parsed.error.message}`);
}
