/**
 * Tier 2's rules counted on real parts (the `tune` files of `labels/realworld/split.json`): per rule (key
 * `rule`) and per (rule, class) pair (key `rule|class`), the faces it labelled and how many were right.
 * They correct the generated-part precisions of `rule-precision.ts` (see `measuredPrecision`). Written by
 * `tools/calibration/rechoose-combination.ts` — do not edit by hand. Counted on 24 real tune files, commit e7535c2, 2026-12-04.
 * @internal
 */

/** How many real faces the generated precision weighs as a prior (chosen on the dev data: least Brier score, real files left out one at a time). */
export const REAL_PRIOR_FACES = 100;

export const REAL_RULE_COUNTS: Readonly<Record<string, { faces: number; right: number }>> = Object.freeze({
  "blind-hole": { faces: 156, right: 63 },
  "blind-hole|blind_hole": { faces: 156, right: 63 },
  "blind-slot": { faces: 14, right: 12 },
  "blind-slot (run-out)": { faces: 31, right: 12 },
  "blind-slot (run-out)|rectangular_through_slot": { faces: 31, right: 12 },
  "blind-slot (split)": { faces: 14, right: 8 },
  "blind-slot (split)|rectangular_blind_slot": { faces: 6, right: 0 },
  "blind-slot (split)|v_circular_end_blind_slot": { faces: 8, right: 8 },
  "blind-slot|h_circular_end_blind_slot": { faces: 2, right: 0 },
  "blind-slot|rectangular_blind_slot": { faces: 8, right: 8 },
  "blind-slot|v_circular_end_blind_slot": { faces: 4, right: 4 },
  "chamfer": { faces: 53, right: 49 },
  "chamfer|chamfer": { faces: 53, right: 49 },
  "countersink": { faces: 36, right: 8 },
  "countersink|chamfer": { faces: 36, right: 8 },
  "enclosed-pocket": { faces: 75, right: 0 },
  "enclosed-pocket|6sides_pocket": { faces: 2, right: 0 },
  "enclosed-pocket|circular_end_pocket": { faces: 32, right: 0 },
  "enclosed-pocket|rectangular_pocket": { faces: 41, right: 0 },
  "fallback": { faces: 91, right: 0 },
  "fallback|other_feature": { faces: 91, right: 0 },
  "fillet": { faces: 140, right: 86 },
  "fillet|round": { faces: 140, right: 86 },
  "oring": { faces: 7, right: 3 },
  "oring|Oring": { faces: 7, right: 3 },
  "passage": { faces: 16, right: 16 },
  "passage (split)": { faces: 82, right: 68 },
  "passage (split)|6sides_passage": { faces: 54, right: 54 },
  "passage (split)|rectangular_passage": { faces: 20, right: 14 },
  "passage (split)|triangular_passage": { faces: 8, right: 0 },
  "passage|rectangular_passage": { faces: 16, right: 16 },
  "pocket": { faces: 64, right: 31 },
  "pocket (split)": { faces: 36, right: 33 },
  "pocket (split)|6sides_pocket": { faces: 28, right: 28 },
  "pocket (split)|rectangular_pocket": { faces: 8, right: 5 },
  "pocket|6sides_pocket": { faces: 7, right: 7 },
  "pocket|rectangular_pocket": { faces: 57, right: 24 },
  "round": { faces: 50, right: 42 },
  "round|round": { faces: 50, right: 42 },
  "stock": { faces: 184, right: 184 },
  "stock|stock": { faces: 184, right: 184 },
  "through-hole": { faces: 208, right: 204 },
  "through-hole|through_hole": { faces: 208, right: 204 },
  "through-slot": { faces: 14, right: 14 },
  "through-slot (split)": { faces: 27, right: 20 },
  "through-slot (split)|rectangular_through_slot": { faces: 12, right: 12 },
  "through-slot (split)|triangular_through_slot": { faces: 15, right: 8 },
  "through-slot|rectangular_through_slot": { faces: 12, right: 12 },
  "through-slot|triangular_through_slot": { faces: 2, right: 2 },
  "through-step": { faces: 12, right: 12 },
  "through-step|rectangular_through_step": { faces: 12, right: 12 },
});
