/**
 * Tier 1's feature parameters: the shared measurer (`src/features/parameters/`) on the Part's B-Rep —
 * the network only says which faces form a feature; the sizes come from the exact geometry, measured
 * and named as every tier measures and names them (docs/result-contract.md, "Feature parameters").
 * @internal
 */
import type { Part } from '../../../model/index.js';
import { measureFeatureParameters as measure, parameterNamesOf as namesOf, type FeatureGeometry } from '../../../features/parameters/index.js';
import { canonicalFeatureGeometry } from '../canonical-kinds.js';

/**
 * Measure a feature's parameters from the Part's B-Rep. `faces` and `bottomFaces` are Part face indices;
 * pass `geometry` to reuse one view of the Part for several features.
 * @internal
 */
export function measureFeatureParameters(
  part: Readonly<Part>,
  classId: number,
  faces: readonly number[],
  bottomFaces: readonly number[],
  geometry: FeatureGeometry = canonicalFeatureGeometry(part),
): Record<string, number> {
  return measure(geometry, classId, faces, bottomFaces);
}

/** The parameter names {@link measureFeatureParameters} may report for a class. @internal */
export const parameterNamesOf = namesOf;
