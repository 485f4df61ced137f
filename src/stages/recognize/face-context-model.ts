/**
 * The shipped {@link FaceContextModel} (pass-aware: applied after the orchestrator's passes). Written by
 * `tools/calibration/calibration-cv.ts --write` (also run by `fit-face-context.ts` and `rechoose-combination.ts`)
 * — do not edit by hand. Fitted on 24 real tune files and 400 generated dev parts with out-of-fold Tier 2 precisions (generated weighing 2× the real; class-offset ridge 0.003, least cross-validated Brier), commit 7123f3f, 2026-12-05.
 * @internal
 */
import type { FaceContextModel } from './face-context-confidence.js';

export const FACE_CONTEXT_MODEL: FaceContextModel = Object.freeze({
  intercept: 0.2421,
  logitProbability: 0.3674,
  tiersAgree: 0.9011,
  fromSecondary: -0.4898,
  agreeingLogitProbability: 0.5005,
  holePass: 2.3963,
  baseBodyStock: 0.7688,
  outlineStock: 0.6047,
  classOffsets: Object.freeze({
    chamfer: -0.0635,
    through_hole: 0.6699,
    triangular_passage: -0.8372,
    rectangular_passage: 0.0356,
    "6sides_passage": -0.2114,
    triangular_through_slot: -0.4397,
    rectangular_through_slot: -0.1212,
    circular_through_slot: 0.1703,
    rectangular_through_step: -0.5492,
    "2sides_through_step": 0.2156,
    slanted_through_step: -0.5930,
    Oring: 0.1272,
    blind_hole: 1.6583,
    triangular_pocket: 0.2464,
    rectangular_pocket: 0.8906,
    "6sides_pocket": 0.1973,
    circular_end_pocket: -0.4993,
    rectangular_blind_slot: -0.4461,
    v_circular_end_blind_slot: 0.3694,
    h_circular_end_blind_slot: -0.6218,
    triangular_blind_step: -0.0348,
    circular_blind_step: -0.1374,
    rectangular_blind_step: -0.5064,
    round: -0.2785,
    stock: 0.3818,
  }),
});
