import type { StepFile, StepReferenceReport } from '../../../formats/step/index.js';
import type { StepTokenRewrite } from '../../../formats/step/step-long-tokens.js';
import type { InputFormat, Part } from '../../../model/index.js';

/**
 * The readonly context of the parse stage: what reading, building and tessellating produced.
 * Pass the thrown errors as they are; the validators turn them into findings.
 */
export interface ParseContext {
  format: InputFormat;
  /** The STEP reader's result, or null/undefined when reading failed or the input is not STEP. */
  step?: StepFile | null;
  /** What `readStep` threw (a `CadlensError` with a `STEP_*` code, line/column and entity id). */
  readError?: unknown;
  /** A reference check already run (e.g. by the reader's caller); else the validator runs one. */
  references?: StepReferenceReport;
  /** The built Part (with the tessellation attached), or null when building failed. */
  part?: Part | null;
  /** What building the Part threw (`PART_*`). */
  buildError?: unknown;
  /** What the tessellation threw or returned as failure (`OCCT_*`). */
  tessellationError?: unknown;
  /**
   * What the tessellation threw when the analysis went on without it: the reader had built the B-Rep soundly, so
   * the exact B-Rep was analysed instead (`mesh` then says `tessellate: false`). Not a parse failure.
   */
  meshFailure?: unknown;
  /** Over-long tokens shortened in the copy handed to OpenCascade (its lexer stops at 16,382 bytes). */
  occtRewrites?: readonly StepTokenRewrite[];
  /**
   * Whether this analysis chose to tessellate, and why (set when `mesh` is `'auto'` or `'never'`, or the
   * part was not tessellated by choice).
   */
  mesh?: { mode: 'auto' | 'always' | 'never'; tessellate: boolean; reason: string };
  /**
   * The reader built no usable B-Rep, so the analysis asked OpenCascade's tessellation instead (`mesh`
   * `'auto'` or `'always'`): why, and what the tessellation threw when it failed too (then `part` is the
   * reader's). `skipped`: why OpenCascade was not asked after all (the file holds nothing it could mesh).
   */
  brepFallback?: { reason: string; failure?: unknown; skipped?: string };
}

/** @internal Code, message, location and entity id of a thrown value, as a finding's parts. */
export function describeError(e: unknown, fallbackCode: string): {
  code: string;
  message: string;
  location?: { line: number; column: number };
  entityIds?: number[];
} {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; location?: { line?: unknown; column?: unknown }; entityId?: unknown };
    const code = typeof o.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(o.code) ? o.code : fallbackCode;
    const message = typeof o.message === 'string' ? o.message : String(e);
    return {
      code,
      message,
      ...(o.location && typeof o.location.line === 'number' && typeof o.location.column === 'number'
        ? { location: { line: o.location.line, column: o.location.column } }
        : {}),
      ...(typeof o.entityId === 'number' ? { entityIds: [o.entityId] } : {}),
    };
  }
  return { code: fallbackCode, message: String(e) };
}
