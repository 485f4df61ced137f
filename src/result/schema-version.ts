// The contract's version and stage names without the zod schema: the analyzer needs them on every run,
// the schema (zod and its ~95 modules) only for a cache lookup, `assertValidResult` and `cadlens schema`.

/**
 * The version of the {@link AnalysisResult} JSON contract. Additive changes keep it; anything that
 * removes or changes the meaning of a field bumps it.
 */
export const ANALYSIS_SCHEMA_VERSION = '1.0.0';

/** Stage names, in pipeline order. */
export const STAGE_NAMES = ['input', 'format', 'parse', 'geometry', 'quality'] as const;
