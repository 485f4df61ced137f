import type { Part } from '../../../model/index.js';
import type { Finding } from '../finding.js';
import { defineValidator, type Validator } from '../validator.js';

/** Options of {@link createPartSizeValidator}. */
export interface PartSizeOptions {
  /** A part whose largest bounding-box extent is under this (mm) is implausibly small. @defaultValue 0.1 */
  minMm?: number;
  /** A part whose largest bounding-box extent is over this (mm) is implausibly large. @defaultValue 10_000 (10 m) */
  maxMm?: number;
}

/** The default plausible range of a part's largest extent: 0.1 mm to 10 m. */
export const PLAUSIBLE_PART_SIZE_MM: Readonly<Required<PartSizeOptions>> = Object.freeze({ minMm: 0.1, maxMm: 10_000 });

/**
 * Geometry: the part's size is plausible for a machined part. `GEOM_SIZE_IMPLAUSIBLE` (warning) when the largest
 * bounding-box extent is under `minMm` or over `maxMm` — almost always a wrong length unit: coordinates written in
 * millimetres under a file that declares metres (a 90 mm part read as 90 m), or a mesh written in metres (STL has no
 * unit and is read as millimetres). The message gives the size, the unit the file declares, and the size the
 * coordinates would give in the likely unit; the geometry itself is not changed. An empty part (no extent) is left
 * to the other checks.
 *
 * @example
 * ```ts
 * // a shop whose parts are all under 2 m
 * const geometry = [...defaultGeometryValidators.filter((v) => v.id !== 'cadlens/geometry/part-size'), createPartSizeValidator({ maxMm: 2000 })];
 * ```
 */
export function createPartSizeValidator(options: PartSizeOptions = {}): Validator<{ part: Part }> {
  const { minMm, maxMm } = { ...PLAUSIBLE_PART_SIZE_MM, ...options };
  return defineValidator<{ part: Part }>({
    id: 'cadlens/geometry/part-size',
    stage: 'geometry',
    validate({ part }): Finding[] {
      const { min, max } = part.summary.bbox;
      const extents = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
      const largest = Math.max(...extents);
      if (!Number.isFinite(largest) || largest <= 0 || (largest >= minMm && largest <= maxMm)) return [];
      const tooLarge = largest > maxMm;
      const declared = part.brepSource === 'mesh-only' ? 'a mesh file has no length unit: read as millimetres' : `the file's length unit is ${part.units.lengthUnit}`;
      // The usual mix-up: millimetre coordinates under a larger declared unit, or metre coordinates read as millimetres.
      const likely = tooLarge ? (part.units.lengthToMm > 1 ? { name: 'millimetres', toMm: 1 } : null) : part.units.lengthToMm < 1000 ? { name: 'metres', toMm: 1000 } : null;
      const asLikely = likely ? `; read as ${likely.name} it would be ${sizeText(extents.map((e) => (e / part.units.lengthToMm) * likely.toMm))}` : '';
      return [
        {
          code: 'GEOM_SIZE_IMPLAUSIBLE',
          severity: 'warning',
          message: `the part is ${sizeText(extents)} (${declared}), implausibly ${tooLarge ? 'large' : 'small'} for a part (largest extent ${tooLarge ? 'over' : 'under'} ${sizeText([tooLarge ? maxMm : minMm])})${asLikely}: check the file's length unit`,
          location: { point: [min[0], min[1], min[2]] },
        },
      ];
    },
  });
}

/** The default part-size check (0.1 mm to 10 m): {@link createPartSizeValidator}. */
export const partSizeValidator: Validator<{ part: Part }> = createPartSizeValidator();

/** Extents as text in one readable unit: `86.4 × 66.8 × 50 m`, `90 × 60 × 12 mm`. */
function sizeText(extentsMm: readonly number[]): string {
  const largest = Math.max(...extentsMm);
  const [unit, perMm] = largest >= 1e6 ? (['km', 1e-6] as const) : largest >= 1000 ? (['m', 1e-3] as const) : largest < 0.1 ? (['µm', 1e3] as const) : (['mm', 1] as const);
  return `${extentsMm.map((e) => Number((e * perMm).toPrecision(3))).join(' × ')} ${unit}`;
}
