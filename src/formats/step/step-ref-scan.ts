/**
 * The reader's fast path for the reference check: the reference graph straight from the bytes,
 * without decoding parameter values. A {@link StepFile} from `readStep` carries this under
 * {@link STEP_REF_SCAN}; other `StepFile` implementations fall back to decoding.
 * @internal
 */
export const STEP_REF_SCAN: unique symbol = Symbol('cadlens.stepRefScan');

/** @internal */
export interface StepRefScan {
  /** Entity ids by instance index (file order), `ids[0 .. count)`. */
  readonly ids: Float64Array;
  readonly count: number;
  /** Instance index of an entity id, or -1. */
  indexOf(id: number): number;
  /** Keyword(s) of an instance without decoding (complex: joined by a space). */
  typeAt(index: number): string;
  /** Offset of the instance's `#`. */
  startAt(index: number): number;
  /**
   * Check the instance's parameter syntax as decoding would (throws the same CadlensError) and
   * collect its references: returns their count; the ids are `refIds()[0 .. count)`, valid until
   * the next call.
   */
  scan(index: number): number;
  refIds(): Float64Array;
}
