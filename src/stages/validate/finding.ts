import type { Vec3 } from '../../model/index.js';

/** How bad a finding is. `error` fails its stage; `warning` and `info` do not. */
export type Severity = 'error' | 'warning' | 'info';

/** The five validation stages, in pipeline order. */
export type ValidationStageName = 'input' | 'format' | 'parse' | 'geometry' | 'quality';

/** The order the validation stages run in. */
export const VALIDATION_STAGES: readonly ValidationStageName[] = ['input', 'format', 'parse', 'geometry', 'quality'];

/** Where a finding is: a position in the source text, or a place in the Part. */
export type FindingLocation =
  | { line: number; column: number }
  | { shellIndex?: number; faceIndex?: number; edgeIndex?: number; vertexIndex?: number; point?: Vec3 };

/**
 * One result of a validator. Plain, JSON-serializable data.
 *
 * @example
 * ```ts
 * const f: Finding = { code: 'GEOM_SHELL_NOT_CLOSED', severity: 'error', message: 'shell #12 has 3 free edges', entityIds: [12] };
 * ```
 */
export interface Finding {
  /** Stable, upper-case code (documented in docs/validation.md), e.g. `GEOM_SHELL_NOT_CLOSED`. */
  code: string;
  severity: Severity;
  /** Human-readable explanation. Never contains file contents beyond short names. */
  message: string;
  /** STEP entity ids (`#17` → 17) the finding concerns. */
  entityIds?: number[];
  location?: FindingLocation;
}

/** The outcome of one stage. */
export interface StageResult {
  name: ValidationStageName;
  /** True when the stage ran and produced no `error` finding. */
  passed: boolean;
  /** Present when the stage could not run (e.g. after an earlier failure); then `passed` is false. */
  skipped?: { reason: string };
  findings: Finding[];
  durationMs: number;
}

/** True when any finding has severity `error`. */
export function hasErrors(findings: readonly Finding[]): boolean {
  for (const f of findings) if (f.severity === 'error') return true;
  return false;
}
