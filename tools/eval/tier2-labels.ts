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
export const MFCAD_DATA_CLASS_NAMES = [
  'chamfer',
  'triangular_passage',
  'rectangular_passage',
  '6sides_passage',
  'triangular_through_slot',
  'rectangular_through_slot',
  'rectangular_through_step',
  '2sides_through_step',
  'slanted_through_step',
  'triangular_pocket',
  'rectangular_pocket',
  '6sides_pocket',
  'rectangular_blind_slot',
  'triangular_blind_step',
  'rectangular_blind_step',
  'stock',
] as const;

/** `MFCAD_DATA_TO_AAGNET[label]` = 25-class id. */
export const MFCAD_DATA_TO_AAGNET: readonly number[] = [0, 2, 3, 4, 5, 6, 8, 9, 10, 13, 14, 15, 17, 20, 22, 24];

/** 25-class id → MFCAD data label, -1 for classes MFCAD does not have. */
export const AAGNET_TO_MFCAD_DATA: readonly number[] = (() => {
  const out = new Array<number>(25).fill(-1);
  MFCAD_DATA_TO_AAGNET.forEach((a, m) => (out[a] = m));
  return out;
})();
