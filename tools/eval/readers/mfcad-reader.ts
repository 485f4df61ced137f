/**
 * MFCAD labels: `NAME.face_truth` (strict pickle reader) element k is the label of the face whose
 * `ADVANCED_FACE` name is 'k'. Ids follow the measured `.face_truth` order
 * (`MFCAD_FACE_TRUTH_CLASS_NAMES`) and are mapped into the 25 AAGNet classes. MFCAD has no instance labels.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { MFCAD_FACE_TRUTH_CLASS_NAMES, MFCAD_FACE_TRUTH_TO_AAGNET } from '../../../src/inference/aagnet-classes.js';
import type { Part } from '../../../src/model/index.js';
import { EvalError } from '../eval-error.js';
import { parseFaceTruth } from '../mfcad-face-truth.js';
import type { PartTruth } from '../part-truth.js';

/** Reads a `.face_truth` file; throws `EVAL_LABELS_INVALID` for anything but the strict pickle form. */
export function readMfcadLabels(path: string): number[] {
  try {
    return parseFaceTruth(new Uint8Array(readFileSync(path)));
  } catch (e) {
    throw new EvalError('EVAL_LABELS_INVALID', `${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Binds MFCAD labels to the Part through the face names.
 * @throws EvalError `EVAL_LABELS_MISMATCH` when the face names are not exactly 0..n−1 for n labels
 */
export function bindMfcadTruth(part: Readonly<Part>, labels: readonly number[], what: string): PartTruth {
  const n = part.faces.length;
  if (n !== labels.length) throw new EvalError('EVAL_LABELS_MISMATCH', `${what}: ${n} faces in the STEP file but ${labels.length} labels`);
  const faceClass = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (const f of part.faces) {
    const k = /^\d+$/.test(f.name) ? Number(f.name) : -1;
    if (k < 0 || k >= n || seen[k]) throw new EvalError('EVAL_LABELS_MISMATCH', `${what}: face #${f.stepId} is named '${f.name}', not a free label index 0..${n - 1}`);
    seen[k] = 1;
    const label = labels[k];
    if (label >= MFCAD_FACE_TRUTH_CLASS_NAMES.length) throw new EvalError('EVAL_LABELS_INVALID', `${what}: label ${label} out of range`);
    faceClass[f.index] = MFCAD_FACE_TRUTH_TO_AAGNET[label];
  }
  return { faceClass, faceInstance: new Int32Array(n).fill(-1), faceBottom: null, instances: null };
}
