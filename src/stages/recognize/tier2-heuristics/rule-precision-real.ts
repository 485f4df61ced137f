/**
 * Tier 2's rules counted on real parts (the `tune` files of `labels/realworld/split.json`): per rule (key
 * `rule`) and per (rule, class) pair (key `rule|class`), the faces it labelled and how many were right.
 * They correct the generated-part precisions of `rule-precision.ts` (see `measuredPrecision`). Written by
 * `tools/calibration/rechoose-combination.ts` — do not edit by hand. Counted on 24 real tune files, commit e1a316e, 2026-12-05.
 * @internal
 */

/** How many real faces the generated precision weighs as a prior (chosen on the dev data: least Brier score, real files left out one at a time). */
export const REAL_PRIOR_FACES = 100;

export const REAL_RULE_COUNTS: Readonly<Record<string, { faces: number; right: number }>> = Object.freeze({
  "blind-hole": { faces: 153, right: 63 },
  "blind-hole|blind_hole": { faces: 153, right: 63 },
  "blind-slot": { faces: 14, right: 12 },
  "blind-slot (run-out)": { faces: 29, right: 16 },
  "blind-slot (run-out)|rectangular_through_slot": { faces: 29, right: 16 },
  "blind-slot (split)": { faces: 14, right: 8 },
  "blind-slot (split)|rectangular_blind_slot": { faces: 6, right: 0 },
  "blind-slot (split)|v_circular_end_blind_slot": { faces: 8, right: 8 },
  "blind-slot|h_circular_end_blind_slot": { faces: 2, right: 0 },
  "blind-slot|rectangular_blind_slot": { faces: 8, right: 8 },
  "blind-slot|v_circular_end_blind_slot": { faces: 4, right: 4 },
  "chamfer": { faces: 67, right: 67 },
  "chamfer|chamfer": { faces: 67, right: 67 },
  "countersink": { faces: 36, right: 8 },
  "countersink|chamfer": { faces: 36, right: 8 },
  "enclosed-pocket": { faces: 69, right: 0 },
  "enclosed-pocket|6sides_pocket": { faces: 2, right: 0 },
  "enclosed-pocket|circular_end_pocket": { faces: 28, right: 0 },
  "enclosed-pocket|rectangular_pocket": { faces: 39, right: 0 },
  "fallback": { faces: 49, right: 0 },
  "fallback|other_feature": { faces: 49, right: 0 },
  "fillet": { faces: 90, right: 86 },
  "fillet|round": { faces: 90, right: 86 },
  "oring": { faces: 7, right: 3 },
  "oring|Oring": { faces: 7, right: 3 },
  "passage": { faces: 35, right: 32 },
  "passage (fragments)": { faces: 53, right: 51 },
  "passage (fragments)|6sides_passage": { faces: 51, right: 51 },
  "passage (fragments)|rectangular_passage": { faces: 2, right: 0 },
  "passage (split)": { faces: 68, right: 48 },
  "passage (split)|6sides_passage": { faces: 6, right: 6 },
  "passage (split)|rectangular_passage": { faces: 54, right: 42 },
  "passage (split)|triangular_passage": { faces: 8, right: 0 },
  "passage|rectangular_passage": { faces: 35, right: 32 },
  "pocket": { faces: 76, right: 39 },
  "pocket (split)": { faces: 36, right: 33 },
  "pocket (split)|6sides_pocket": { faces: 28, right: 28 },
  "pocket (split)|rectangular_pocket": { faces: 8, right: 5 },
  "pocket|6sides_pocket": { faces: 7, right: 7 },
  "pocket|rectangular_pocket": { faces: 69, right: 32 },
  "round": { faces: 50, right: 42 },
  "round|round": { faces: 50, right: 42 },
  "stock": { faces: 184, right: 184 },
  "stock|stock": { faces: 184, right: 184 },
  "through-hole": { faces: 208, right: 204 },
  "through-hole|through_hole": { faces: 208, right: 204 },
  "through-slot": { faces: 14, right: 14 },
  "through-slot (split)": { faces: 38, right: 32 },
  "through-slot (split)|rectangular_through_slot": { faces: 20, right: 20 },
  "through-slot (split)|triangular_through_slot": { faces: 18, right: 12 },
  "through-slot|rectangular_through_slot": { faces: 12, right: 12 },
  "through-slot|triangular_through_slot": { faces: 2, right: 2 },
  "through-step": { faces: 16, right: 16 },
  "through-step (split)": { faces: 4, right: 0 },
  "through-step (split)|slanted_through_step": { faces: 4, right: 0 },
  "through-step|rectangular_through_step": { faces: 16, right: 16 },
});
