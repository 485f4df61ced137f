import { AAGNET_CLASS_NAMES } from '../inference/aagnet-classes.js';

/**
 * The class families a viewer colours by hue. Hues are the eight colours of Okabe & Ito's
 * colour-blind-safe set ("Color Universal Design", 2008), which stay apart under protanopia,
 * deuteranopia and tritanopia; classes inside a family differ by lightness and are told apart by the
 * legend and the face picker, not by hue alone.
 */
export type FeatureFamily = 'stock' | 'hole' | 'passage' | 'slot' | 'step' | 'pocket' | 'edge' | 'other' | 'unrecognized';

/** One colour of the palette. */
export interface PaletteEntry {
  /** Class name (an AAGNet class, `other_feature`, or `unrecognized` for faces no tier labelled). */
  className: string;
  family: FeatureFamily;
  /** sRGB colour as `#rrggbb`. */
  color: string;
}

/** Okabe–Ito base hue of each family (grey for stock, near-black for other features). */
export const FAMILY_COLORS: Readonly<Record<FeatureFamily, string>> = {
  stock: '#bbbbbb',
  hole: '#0072b2', // blue
  passage: '#e69f00', // orange
  slot: '#009e73', // bluish green
  step: '#d55e00', // vermillion
  pocket: '#cc79a7', // reddish purple
  edge: '#f0e442', // yellow (chamfers, rounds)
  other: '#56b4e9', // sky blue
  unrecognized: '#ffffff',
};

const FAMILY_OF: Readonly<Record<string, FeatureFamily>> = {
  stock: 'stock',
  through_hole: 'hole',
  blind_hole: 'hole',
  Oring: 'hole',
  triangular_passage: 'passage',
  rectangular_passage: 'passage',
  '6sides_passage': 'passage',
  triangular_through_slot: 'slot',
  rectangular_through_slot: 'slot',
  circular_through_slot: 'slot',
  rectangular_blind_slot: 'slot',
  v_circular_end_blind_slot: 'slot',
  h_circular_end_blind_slot: 'slot',
  rectangular_through_step: 'step',
  '2sides_through_step': 'step',
  slanted_through_step: 'step',
  triangular_blind_step: 'step',
  circular_blind_step: 'step',
  rectangular_blind_step: 'step',
  triangular_pocket: 'pocket',
  rectangular_pocket: 'pocket',
  '6sides_pocket': 'pocket',
  circular_end_pocket: 'pocket',
  chamfer: 'edge',
  round: 'edge',
  other_feature: 'other',
  unrecognized: 'unrecognized',
};

/** The family of a class name; unknown names (a custom recognizer's classes) are `other`. */
export function featureFamilyOf(className: string): FeatureFamily {
  return FAMILY_OF[className] ?? 'other';
}

/** Mixes `#rrggbb` with white (t > 0) or black (t < 0) by |t|. */
function shade(hex: string, t: number): string {
  const target = t > 0 ? 255 : 0;
  const k = Math.abs(t);
  const channel = (i: number) => {
    const v = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(v + (target - v) * k)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

// Lightness steps for the n-th class of a family: base, darker, lighter, …
const STEPS = [0, -0.35, 0.4, -0.6, 0.65, -0.15];

/**
 * The default palette: every AAGNet class, `other_feature` and `unrecognized`, in class-id order.
 * Stable across releases, so screenshots and legends stay comparable.
 */
export const DEFAULT_FEATURE_PALETTE: readonly PaletteEntry[] = (() => {
  const seen = new Map<FeatureFamily, number>();
  return [...AAGNET_CLASS_NAMES, 'other_feature', 'unrecognized'].map((className) => {
    const family = featureFamilyOf(className);
    const n = seen.get(family) ?? 0;
    seen.set(family, n + 1);
    return { className, family, color: shade(FAMILY_COLORS[family], STEPS[n % STEPS.length]) };
  });
})();

/** A palette lookup that falls back to the family colour for classes it does not list. */
export function paletteColor(className: string, palette: readonly PaletteEntry[] = DEFAULT_FEATURE_PALETTE): string {
  return palette.find((p) => p.className === className)?.color ?? FAMILY_COLORS[featureFamilyOf(className)];
}

/** One row of a legend: a class present in a result, its colour and how many faces carry it. */
export interface LegendEntry extends PaletteEntry {
  faces: number;
}

/**
 * The legend for a set of per-face class names (e.g. `result.recognition.faces.map(f => f.className)`):
 * only the classes present, ordered by family then palette order, with face counts.
 */
export function featureLegend(classNames: Iterable<string>, palette: readonly PaletteEntry[] = DEFAULT_FEATURE_PALETTE): LegendEntry[] {
  const counts = new Map<string, number>();
  for (const c of classNames) counts.set(c, (counts.get(c) ?? 0) + 1);
  const order = (c: string) => {
    const i = palette.findIndex((p) => p.className === c);
    return i < 0 ? palette.length : i;
  };
  return [...counts]
    .map(([className, faces]) => ({ className, family: featureFamilyOf(className), color: paletteColor(className, palette), faces }))
    .sort((a, b) => order(a.className) - order(b.className) || a.className.localeCompare(b.className));
}
