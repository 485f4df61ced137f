import { MFCAD_CLASS_NAMES, MFCAD_FACE_TRUTH_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
/**
 * The class order of MFCAD's `.face_truth` labels, and how AAGNet classes map onto it.
 *
 * The shared README and AAGNet's `feat_names_planar` (and MFCAD's own visualiser, FEAT_NAMES) list
 * the 16 classes as rectangular_through_slot, triangular_through_slot, … chamfer, stock. The label
 * files here do **not** follow that order. Measured on the data (see test/recognize/tier1-mfcad-labels.test.ts):
 * label 0 marks single planar faces at 45° on the block's edges (chamfers, not slots), label 1 marks
 * three walls of a prism running through the block (triangular passages), and the part names list
 * their features by the same ids. The order that fits is AAGNet's 25-class order with its 9
 * non-planar classes removed (the MFCAD/MFCAD++ generator order). The Tier 2 evaluation
 * (`tier2-labels.ts`, `MFCAD_DATA_CLASS_NAMES`) reached the same order independently.
 */
export const FACE_TRUTH_CLASS_NAMES = MFCAD_FACE_TRUTH_CLASS_NAMES;

/** The order the README documents (kept to show what scoring with it gives). */
export const README_CLASS_NAMES = MFCAD_CLASS_NAMES;

/** `map[aagnetClassId]` = index of the same class name in `names`, or -1 (no counterpart). */
export function aagnetToLabelIndex(aagnetNames: readonly string[], names: readonly string[]): number[] {
  return aagnetNames.map((n) => names.indexOf(n));
}
