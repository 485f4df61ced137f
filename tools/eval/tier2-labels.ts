/**
 * MFCAD face_truth label ids as they are in the data, and their AAGNet (25-class) ids.
 *
 * Measured, not assumed: the dataset README (and the AAGNet notes) list MFCAD ids in the
 * `feat_names_planar` order (0 = rectangular_through_slot … 14 = chamfer), but the face_truth files
 * follow the 25-class order restricted to the 15 planar features: a part whose faces are all 45°
 * faces meeting their neighbours along convex edges (chamfers) is labelled 0, four-wall rings through
 * the part (rectangular passages) are 2, and so on — checked class by class on the tuning portion
 * (face counts, orientations and concave/convex neighbours per label).
 * @internal
 */
import {
  AAGNET_TO_MFCAD_FACE_TRUTH,
  MFCAD_FACE_TRUTH_CLASS_NAMES,
  MFCAD_FACE_TRUTH_TO_AAGNET,
} from '../../src/inference/aagnet-classes.js';

/** The measured `.face_truth` class order (one definition, in src/inference/aagnet-classes.ts). */
export const MFCAD_DATA_CLASS_NAMES = MFCAD_FACE_TRUTH_CLASS_NAMES;

/** `MFCAD_DATA_TO_AAGNET[label]` = 25-class id. */
export const MFCAD_DATA_TO_AAGNET: readonly number[] = MFCAD_FACE_TRUTH_TO_AAGNET;

/** 25-class id → MFCAD data label, -1 for classes MFCAD does not have. */
export const AAGNET_TO_MFCAD_DATA: readonly number[] = AAGNET_TO_MFCAD_FACE_TRUTH;
