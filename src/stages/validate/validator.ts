import { isCadlensError } from '../../errors/index.js';
import { throwIfAborted } from '../../errors/abort.js';
import type { Finding, StageResult, ValidationStageName } from './finding.js';

/** What every validator receives besides its stage context. */
export interface ValidatorRunOptions {
  signal?: AbortSignal;
}

/**
 * A composable check. Returns findings; it throws only when work cannot continue (e.g. `ABORTED`).
 * Validators of one stage share a readonly context `Ctx`.
 *
 * @example
 * ```ts
 * const noTinyParts = defineValidator<GeometryContext>({
 *   id: 'acme/no-tiny-parts',
 *   stage: 'geometry',
 *   validate: (ctx) => (ctx.part.summary.surfaceAreaMm2 < 1 ? [{ code: 'ACME_TINY', severity: 'warning', message: 'tiny part' }] : []),
 * });
 * ```
 */
export interface Validator<Ctx> {
  /** Stable id, e.g. `cadlens/geometry/shell-closed`. */
  readonly id: string;
  readonly stage: ValidationStageName;
  /**
   * Capability flag: the check reads the tessellation (`part.mesh`). With `mesh: 'auto'`, a geometry
   * validator list given to the analyzer that holds such a validator makes the analysis tessellate.
   * @defaultValue false
   */
  readonly needsMesh?: boolean;
  validate(ctx: Readonly<Ctx>, options: ValidatorRunOptions): Finding[] | Promise<Finding[]>;
}

/** Identity helper so plain objects type-check as validators. */
export function defineValidator<Ctx>(validator: Validator<Ctx>): Validator<Ctx> {
  return validator;
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'];

/** What is wrong with a validator's return value, or `null` when it is a list of well-formed findings. */
function findingsProblem(out: unknown): string | null {
  if (!Array.isArray(out)) return `it returned ${out === null ? 'null' : typeof out}, not an array of findings`;
  for (const [i, f] of out.entries()) {
    const finding = (f ?? {}) as Partial<Finding>;
    if (typeof finding.code !== 'string' || finding.code.length === 0) return `finding ${i} has no string code`;
    if (!SEVERITIES.includes(finding.severity)) return `finding ${i} (${finding.code}) has severity ${JSON.stringify(finding.severity)}, not 'error', 'warning' or 'info'`;
    if (typeof finding.message !== 'string') return `finding ${i} (${finding.code}) has no string message`;
  }
  return null;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Run validators in order and collect their findings into a {@link StageResult}.
 * A validator that throws (other than `ABORTED`), or returns something other than a list of findings with a
 * string `code` and `message` and a known `severity`, does not stop the stage: it becomes an `error` finding
 * `VALIDATOR_FAILED` naming the validator.
 *
 * @throws CadlensError `ABORTED` when `options.signal` aborts.
 */
export async function runStage<Ctx>(
  name: ValidationStageName,
  validators: readonly Validator<Ctx>[],
  ctx: Ctx,
  options: ValidatorRunOptions = {},
): Promise<StageResult> {
  const start = now();
  const findings: Finding[] = [];
  for (const v of validators) {
    throwIfAborted(options.signal);
    try {
      const out = await v.validate(ctx, options);
      // An embedder's validator can return a finding the quality score cannot weigh (`severity: 'fatal'` made it NaN).
      const problem = findingsProblem(out);
      if (problem) throw new Error(problem);
      findings.push(...out);
    } catch (e) {
      if (isCadlensError(e) && e.code === 'ABORTED') throw e;
      findings.push({
        code: 'VALIDATOR_FAILED',
        severity: 'error',
        message: `validator ${v.id} failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return {
    name,
    passed: !findings.some((f) => f.severity === 'error'),
    findings,
    durationMs: now() - start,
  };
}

/**
 * The result of a stage that could not run, e.g. geometry after a failed parse.
 * It is not passed, carries the reason and one `STAGE_SKIPPED` info finding.
 */
export function skippedStage(name: ValidationStageName, reason: string): StageResult {
  return {
    name,
    passed: false,
    skipped: { reason },
    findings: [{ code: 'STAGE_SKIPPED', severity: 'info', message: `${name} stage skipped: ${reason}` }],
    durationMs: 0,
  };
}
