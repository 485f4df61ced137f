/**
 * The validation stages: input (intake), format, parse, geometry, quality score.
 * Each stage is a list of composable validators run by {@link runStage}.
 */
export * from './intake/index.js';
export * from './validate/index.js';
export * from './score/index.js';
