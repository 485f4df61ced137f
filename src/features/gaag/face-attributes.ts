/**
 * The 10 raw face attributes (reference §2.5): surface-type one-hot (plane, cylinder, cone, sphere,
 * torus — B-splines, extrusions, revolutions, offsets and others get none), area in unit-box units,
 * rational flag (B-spline surface with unequal weights), area centroid in unit-box coordinates.
 *
 * @internal
 */
import type { Surface } from '../../model/index.js';
import type { UnitBox } from './unit-box.js';

/** Column of the one-hot flag for a surface type, or -1. */
export function surfaceTypeColumn(s: Surface | null): number {
  return surfaceKindColumn(s?.type);
}

/** Column of the one-hot flag for a surface type name, or -1. */
export function surfaceKindColumn(type: string | undefined | null): number {
  switch (type) {
    case 'plane':
      return 0;
    case 'cylinder':
      return 1;
    case 'cone':
      return 2;
    case 'sphere':
      return 3;
    case 'torus':
      return 4;
    default:
      return -1;
  }
}

/**
 * Writes one face's 10 attributes at `out[offset..]`. `areaCentroid` = [area (mm²), cx, cy, cz (mm)]. `kind`, when
 * given, is the analytic kind a free-form surface was recognized as (extractGaag's `faceKind`): its flag is set and
 * the rational flag is not.
 */
export function writeFaceAttributes(s: Surface | null, areaCentroid: ArrayLike<number>, unit: UnitBox, out: Float32Array, offset: number, kind?: string | null): void {
  for (let k = 0; k < 10; k++) out[offset + k] = 0;
  const recognized = kind ? surfaceKindColumn(kind) : -1;
  const col = recognized >= 0 ? recognized : surfaceTypeColumn(s);
  if (col >= 0) out[offset + col] = 1;
  out[offset + 5] = areaCentroid[0] * unit.scale * unit.scale;
  out[offset + 6] = recognized < 0 && s?.type === 'bspline' && s.rational ? 1 : 0;
  out[offset + 7] = (areaCentroid[1] - unit.center[0]) * unit.scale;
  out[offset + 8] = (areaCentroid[2] - unit.center[1]) * unit.scale;
  out[offset + 9] = (areaCentroid[3] - unit.center[2]) * unit.scale;
}
