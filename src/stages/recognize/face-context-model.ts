/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.01, least cross-validated Brier), commit 984a2da, 2026-12-06.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 1.0286,
  logitProbability: 0.1994,
  tiersAgree: 0.7365,
  fromSecondary: -0.8244,
  agreeingLogitProbability: 0.9657,
  holePass: 2.2104,
  baseBodyStock: 0.4717,
  outlineStock: 0.8827,
  classOffsets: Object.freeze({
    chamfer: -0.1946,
    through_hole: 0.1795,
    triangular_passage: -0.0633,
    rectangular_passage: 0.0925,
    "6sides_passage": -0.3623,
    triangular_through_slot: -0.1617,
    rectangular_through_slot: 0.1123,
    circular_through_slot: 0.0399,
    rectangular_through_step: -0.2120,
    "2sides_through_step": 0.1356,
    slanted_through_step: -0.2857,
    Oring: 0.1127,
    blind_hole: 0.7679,
    triangular_pocket: 0.1747,
    rectangular_pocket: 0.6857,
    "6sides_pocket": -0.0223,
    circular_end_pocket: -0.6686,
    rectangular_blind_slot: 0.1641,
    v_circular_end_blind_slot: -0.0111,
    h_circular_end_blind_slot: -0.1411,
    triangular_blind_step: -0.0521,
    circular_blind_step: -0.1238,
    rectangular_blind_step: -0.1713,
    round: -0.1592,
    stock: 0.1317,
  }),
});
