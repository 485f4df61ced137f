/**
 * The evaluator's typed error. The evaluation tool is a dev-time tool, not part of the library, so
 * its codes live here rather than in the library's public `CadlensErrorCode` union; they are stable
 * all the same (tests and scripts match on them) and documented in docs/recognition.md.
 * @internal
 */

/** Stable codes of {@link EvalError}. */
export type EvalErrorCode =
  /** A label file's face ids are not exactly the STEP file's ADVANCED_FACE ids (missing or extra ids). */
  | 'EVAL_LABELS_MISMATCH'
  /** A label file's recorded sha256 is not the hash of the file it names. */
  | 'EVAL_LABELS_HASH_MISMATCH'
  /** A label file is not in its documented format (bad JSON, wrong shape, unknown class). */
  | 'EVAL_LABELS_INVALID'
  /** The data a set needs (part files, label files, a dataset folder) is not there. */
  | 'EVAL_DATA_MISSING'
  /** Bad command-line arguments. */
  | 'EVAL_BAD_ARGUMENTS';

const BRAND = Symbol.for('cadlens.eval-error');

/** A failure the evaluator refuses to work around (it exits non-zero with the code). */
export class EvalError extends Error {
  /** @internal */
  readonly [BRAND] = true;
  constructor(
    readonly code: EvalErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EvalError';
  }
}

/** Brand check (survives duplicate module copies, unlike `instanceof`). */
export function isEvalError(e: unknown): e is EvalError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
