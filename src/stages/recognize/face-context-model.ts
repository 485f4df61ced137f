/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.01, least cross-validated Brier), commit ce59e20, 2026-12-06.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.8722,
  logitProbability: 0.2478,
  tiersAgree: 0.8059,
  fromSecondary: -0.9222,
  agreeingLogitProbability: 0.9183,
  holePass: 2.3449,
  baseBodyStock: 0.3799,
  outlineStock: 0.6597,
  classOffsets: Object.freeze({
    chamfer: -0.1638,
    through_hole: 0.1863,
    triangular_passage: -0.3962,
    rectangular_passage: 0.1427,
    "6sides_passage": -0.0158,
    triangular_through_slot: -0.1336,
    rectangular_through_slot: 0.0973,
    circular_through_slot: 0.0542,
    rectangular_through_step: -0.1101,
    "2sides_through_step": 0.0600,
    slanted_through_step: -0.1857,
    Oring: -0.0053,
    blind_hole: 0.8034,
    triangular_pocket: 0.1252,
    rectangular_pocket: 0.6879,
    "6sides_pocket": -0.0340,
    circular_end_pocket: -0.6285,
    rectangular_blind_slot: -0.0942,
    v_circular_end_blind_slot: 0.0848,
    h_circular_end_blind_slot: -0.1584,
    triangular_blind_step: -0.0898,
    circular_blind_step: -0.1714,
    rectangular_blind_step: 0.0714,
    round: -0.2337,
    stock: 0.0906,
  }),
});
