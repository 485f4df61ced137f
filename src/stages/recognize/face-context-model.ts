/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.01, least cross-validated Brier), commit e1a316e, 2026-12-05.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.4680,
  logitProbability: 0.3414,
  tiersAgree: 0.7424,
  fromSecondary: -0.7357,
  agreeingLogitProbability: 0.5269,
  holePass: 2.5061,
  baseBodyStock: 0.6273,
  outlineStock: 0.7531,
  classOffsets: Object.freeze({
    chamfer: -0.0881,
    through_hole: 0.3507,
    triangular_passage: -0.4163,
    rectangular_passage: -0.0780,
    "6sides_passage": -0.1500,
    triangular_through_slot: -0.3007,
    rectangular_through_slot: -0.1434,
    circular_through_slot: 0.0529,
    rectangular_through_step: -0.1644,
    "2sides_through_step": 0.0970,
    slanted_through_step: -0.2054,
    Oring: 0.0425,
    blind_hole: 1.0090,
    triangular_pocket: 0.1296,
    rectangular_pocket: 0.6934,
    "6sides_pocket": 0.0734,
    circular_end_pocket: -0.3359,
    rectangular_blind_slot: -0.2515,
    v_circular_end_blind_slot: 0.0684,
    h_circular_end_blind_slot: -0.1186,
    triangular_blind_step: -0.0145,
    circular_blind_step: -0.1628,
    rectangular_blind_step: -0.2064,
    round: -0.1926,
    stock: 0.2206,
  }),
});
