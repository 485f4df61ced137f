import type { AnalysisResult } from '../../../result/index.js';

type Feature = NonNullable<AnalysisResult['recognition']>['features'][number];

/** Features of one type, with each parameter summarised over them. */
export interface FeatureGroup {
  type: string;
  count: number;
  /** In the order the parameters first appear. */
  parameters: { name: string; summary: string }[];
}

/** More distinct values than this are shown as a range. */
const MAX_DISTINCT_LISTED = 4;

/**
 * Groups recognized features by type (most frequent first, then by name) and summarises each
 * parameter: one value (`depthMm 10`), a few values with their counts (`diameterMm 6 ×12, 10 ×4`;
 * without counts when each occurs once), or a range (`diameterMm 3.2–12.5 (9 values)`), plus
 * `(on n of N)` when only some features carry it. Values are compared after rounding to 3 decimals.
 */
export function groupFeatures(features: readonly Feature[]): FeatureGroup[] {
  const byType = new Map<string, Feature[]>();
  for (const f of features) {
    const list = byType.get(f.type);
    if (list) list.push(f);
    else byType.set(f.type, [f]);
  }
  return [...byType.entries()]
    .sort(([a, fa], [b, fb]) => fb.length - fa.length || a.localeCompare(b))
    .map(([type, list]) => ({ type, count: list.length, parameters: summariseParameters(list) }));
}

function summariseParameters(list: readonly Feature[]): FeatureGroup['parameters'] {
  const values = new Map<string, number[]>();
  for (const f of list) {
    for (const [name, v] of Object.entries(f.parameters)) {
      if (!Number.isFinite(v)) continue;
      const seen = values.get(name);
      if (seen) seen.push(v);
      else values.set(name, [v]);
    }
  }
  // A parameter that only some features carry says on how many.
  return [...values.entries()].map(([name, vs]) => ({
    name,
    summary: `${summariseValues(vs)}${vs.length < list.length ? ` (on ${vs.length} of ${list.length})` : ''}`,
  }));
}

function summariseValues(vs: readonly number[]): string {
  const counts = new Map<string, { value: number; n: number }>();
  for (const v of vs) {
    const key = formatNumber(v);
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { value: Number(key), n: 1 });
  }
  if (counts.size === 1) return [...counts.keys()][0];
  if (counts.size <= MAX_DISTINCT_LISTED) {
    const allOnce = [...counts.values()].every((c) => c.n === 1);
    return [...counts.entries()]
      .sort(([, a], [, b]) => b.n - a.n || a.value - b.value)
      .map(([key, { n }]) => (allOnce ? key : `${key} ×${n}`))
      .join(', ');
  }
  const sorted = [...counts.values()].map((c) => c.value).sort((a, b) => a - b);
  return `${formatNumber(sorted[0])}–${formatNumber(sorted[sorted.length - 1])} (${counts.size} values)`;
}

/** Integers as they are, other values to 3 decimals without trailing zeros. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(3)));
}
