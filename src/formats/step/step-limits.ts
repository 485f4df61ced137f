import type { StepReadLimits } from './step-types.js';

/**
 * The limits {@link readStep} applies when the caller gives none. Generous enough for real
 * assemblies of several hundred megabytes; tight enough that hostile input cannot exhaust the
 * stack (depth) or memory (entity count, string length) before it is rejected.
 */
export const DEFAULT_STEP_LIMITS: Readonly<StepReadLimits> = Object.freeze({
  maxEntities: 10_000_000,
  maxDepth: 64,
  maxStringLength: 1_048_576,
  maxBytes: 1_073_741_824,
});

/**
 * Merge caller limits over {@link DEFAULT_STEP_LIMITS}, rejecting nonsense values.
 * @internal
 */
export function resolveStepLimits(options: Partial<StepReadLimits> | undefined): StepReadLimits {
  const limits: StepReadLimits = { ...DEFAULT_STEP_LIMITS, ...(options ?? {}) };
  for (const key of ['maxEntities', 'maxDepth', 'maxStringLength', 'maxBytes'] as const) {
    const v = limits[key];
    if (typeof v !== 'number' || !(v >= 0)) limits[key] = DEFAULT_STEP_LIMITS[key];
  }
  // Offsets are stored in Uint32Array.
  if (limits.maxBytes > 0xffff_ffff) limits.maxBytes = 0xffff_ffff;
  return limits;
}
