/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.01, least cross-validated Brier), commit b346e9b, 2026-12-06.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.8417,
  logitProbability: 0.2544,
  tiersAgree: 0.8295,
  fromSecondary: -0.8969,
  agreeingLogitProbability: 0.8804,
  holePass: 2.3563,
  baseBodyStock: 0.3982,
  outlineStock: 0.6675,
  classOffsets: Object.freeze({
    chamfer: -0.1611,
    through_hole: 0.1952,
    triangular_passage: -0.3926,
    rectangular_passage: 0.1423,
    "6sides_passage": -0.0129,
    triangular_through_slot: -0.1263,
    rectangular_through_slot: 0.1088,
    circular_through_slot: 0.0554,
    rectangular_through_step: -0.1091,
    "2sides_through_step": 0.0604,
    slanted_through_step: -0.1847,
    Oring: -0.0040,
    blind_hole: 0.8179,
    triangular_pocket: 0.1294,
    rectangular_pocket: 0.6697,
    "6sides_pocket": -0.0283,
    circular_end_pocket: -0.6117,
    rectangular_blind_slot: -0.1679,
    v_circular_end_blind_slot: 0.0861,
    h_circular_end_blind_slot: -0.2041,
    triangular_blind_step: -0.0176,
    circular_blind_step: -0.1683,
    rectangular_blind_step: 0.0735,
    round: -0.2661,
    stock: 0.0934,
  }),
});
