export * from './step-types.js';
export { DEFAULT_STEP_LIMITS } from './step-limits.js';
export { readStep, type ReadStepOptions, type StepReadResult } from './step-reader.js';
export type { StepWarning, StepWarningCode } from './step-warnings.js';
export type { StepReaderErrorCode } from './step-errors.js';
export {
  checkStepReferences,
  validateStepReferences,
  type StepReferenceFinding,
  type StepReferenceReport,
  type ValidateStepReferencesOptions,
} from './step-references.js';
export { normalizeStepBytes } from './step-normalize.js';
export { entitiesReachableFrom } from './step-reachable.js';
export type { StepTokenRewrite } from './step-long-tokens.js';
