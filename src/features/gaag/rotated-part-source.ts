/**
 * The Part a rigidly rotated copy was made from, so that the gAAG extraction of the copy can reuse what
 * the analysis already computed on the original. Tier 1 rotates a part that is not axis-aligned before
 * extraction; the copy has new Surface and Curve objects, so the uv-boundary and area memos (keyed by
 * Surface) would miss on every face and rebuild everything. Under a rotation about the origin the uv
 * boundary (parameter space) and the area of a face are unchanged and its centroid turns with the part,
 * so the extraction builds them on the original and rotates the centroid.
 *
 * Recorded by whoever makes the copy (a WeakMap: the record dies with the copy); a copy must keep the
 * original's topology and numbering (faces, edges, vertices, PCURVEs) and change geometry only by the
 * rotation.
 *
 * @internal
 */
import type { Part, PartFace } from '../../model/index.js';

/** Where a rotated Part came from. */
export interface RotatedPartSource {
  /** The Part before the rotation (same topology and numbering). */
  part: Part;
  /** Row-major 3×3 rotation about the origin that maps `part` onto the copy. */
  rotation: readonly number[];
}

const sources = new WeakMap<Part, RotatedPartSource>();

/** Records that `rotated` is `source` turned by `rotation` (row-major 3×3, about the origin). */
export function recordRotatedPartSource(rotated: Part, source: Part, rotation: readonly number[]): void {
  sources.set(rotated, { part: source, rotation });
}

/** The original of a Part made by a recorded rotation, or undefined. */
export function rotatedPartSource(part: Part): RotatedPartSource | undefined {
  return sources.get(part);
}

/**
 * Whether the edges of `face` have the same 3-D parameter ranges (within 1e-9, relative) in the two
 * per-edge range tables of a rotated copy and its original. They do in exact arithmetic, but the start
 * of a closed curve whose vertex sits at its seam may come out as 0 in one frame and just below 2π
 * (wrapped to 2π…4π) in the other; the uv boundary's PCURVE check then decides differently, so such a
 * face is built on the copy itself, as it was before the look-through.
 */
export function sameEdgeRanges(face: PartFace, a: Float64Array, b: Float64Array): boolean {
  for (const bound of face.bounds)
    for (const ce of bound.coedges)
      for (let k = ce.edge * 2; k <= ce.edge * 2 + 1; k++) {
        const x = a[k];
        const y = b[k];
        if (x !== y && !(Math.abs(x - y) <= 1e-9 * (1 + Math.abs(x)))) {
          if (Number.isNaN(x) && Number.isNaN(y)) continue;
          return false;
        }
      }
  return true;
}

/** `out` (3 numbers from `offset`) turned by `r` in place. */
export function rotateInPlace(r: readonly number[], out: Float64Array, offset: number): void {
  const x = out[offset];
  const y = out[offset + 1];
  const z = out[offset + 2];
  out[offset] = r[0] * x + r[1] * y + r[2] * z;
  out[offset + 1] = r[3] * x + r[4] * y + r[5] * z;
  out[offset + 2] = r[6] * x + r[7] * y + r[8] * z;
}

