import type { Part } from '../model/index.js';
import type { StageResult } from '../stages/validate/index.js';
import { NON_FATAL_PARSE_CODES } from '../stages/score/index.js';
import { isFaceUnmapped } from '../stages/validate/parse/face-mapping-validator.js';

/**
 * Share of a STEP B-Rep's faces OpenCascade's tessellation may leave without triangles (or unmatched) while
 * recognition still reads the B-Rep: the tessellation then confirms the reader's faces on at least 80 % of them,
 * as the order check accepts a body with at most 20 % of its faces failing (tessellation/attach).
 */
export const MAX_UNMAPPED_FACE_SHARE = 0.2;

/**
 * Why recognition must not run after the parse stage, or undefined when it may. Features of geometry the parse
 * stage could not verify would be guesses (no face kept its triangles; the reader failed) — except where the only
 * parse errors are single faces OpenCascade left without triangles (`PARSE_FACE_UNMAPPED`, non-fatal to the quality
 * score too) on a STEP B-Rep whose every face has its exact surface and measures: recognition reads the B-Rep, not
 * the triangles (as `mesh: 'never'` does), so it runs. FreeCAD's IDF library part SOD_323.stp lost every feature to 2
 * unmeshed faces of 75.
 */
export function parseBlocksRecognition(stages: readonly StageResult[], part: Readonly<Part> | null | undefined): string | undefined {
  const parse = stages.find((s) => s.name === 'parse');
  if (!parse || parse.passed || parse.skipped) return undefined;
  const errors = parse.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 && part && readableDespiteUnmappedFaces(errors.map((e) => e.code), part)) return undefined;
  const first = errors[0];
  if (!first) return 'the parse stage failed';
  return `the parse stage failed: ${first.code}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more error(s))` : ''}`;
}

function readableDespiteUnmappedFaces(codes: readonly string[], part: Readonly<Part>): boolean {
  if (!codes.every((c) => NON_FATAL_PARSE_CODES.includes(c))) return false;
  if (part.brepSource !== 'step' || part.faces.length === 0) return false;
  if (part.faces.some((f) => f.surface === null || f.surface.type === 'other' || !(f.area > 0))) return false;
  const unmapped = part.faces.filter(isFaceUnmapped).length;
  return unmapped <= MAX_UNMAPPED_FACE_SHARE * part.faces.length;
}
