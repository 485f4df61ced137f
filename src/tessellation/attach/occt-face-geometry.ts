import type { Surface, Vec3 } from '../../model/index.js';
import type { FlattenedOcct } from '../flatten-occt-result.js';
import type { SegmentGrid } from './segment-grid.js';

/** @internal The triangulation of one occt face, as the matching checks need it. */
export interface FaceGeom {
  /** Flattened vertex ids used by the occt face. */
  verts: Uint32Array;
  /** Area-weighted normal in mesh (world) coordinates (unnormalised). */
  normal: Vec3;
  /**
   * Boundary of the face's triangulation: pairs of indices into `verts` of the triangle edges used once
   * (outer and inner loops, and both sides of a seam).
   */
  boundary: Uint32Array;
  /** Cache of {@link localCoords}: the vertices in a body frame, and the inverse transform they were taken with. */
  local?: Float64Array;
  localInv?: number[];
  /** Cache of the boundary's segment grid (face-checks.ts), and the `local` array it was built over. */
  segmentGrid?: SegmentGrid;
  segmentGridLocal?: Float64Array;
  /** Cache of the boundary's chord deviation from a surface (match-context.ts), and the `local` array it was measured on. */
  chordDeviation?: Map<Surface | null, number>;
  chordLocal?: Float64Array;
}

/** Per flattened result: mesh vertex → its index in the face being read ({@link faceVertices}), valid where `owner` is that read's stamp. */
const localSlots = new WeakMap<FlattenedOcct, { slot: Int32Array; owner: Int32Array; stamp: number }>();

/** @internal Vertices, area-weighted normal and boundary edges of occt face `g`. */
export function faceVertices(flat: FlattenedOcct, g: number): FaceGeom {
  const of = flat.occtFaces[g];
  const { indices, positions } = flat.mesh;
  const vertexCount = positions.length / 3;
  let slots = localSlots.get(flat);
  if (!slots || slots.slot.length < vertexCount || slots.stamp >= 0x7fffffff) localSlots.set(flat, (slots = { slot: new Int32Array(vertexCount), owner: new Int32Array(vertexCount), stamp: 0 }));
  const { slot, owner } = slots;
  const mark = ++slots.stamp;
  // vertices in order of first use (the order every check walks them in)
  const verts: number[] = [];
  for (let t = of.first; t <= of.last; t++) {
    for (let j = 0; j < 3; j++) {
      const v = indices[3 * t + j];
      if (owner[v] !== mark) {
        owner[v] = mark;
        slot[v] = verts.length;
        verts.push(v);
      }
    }
  }
  // triangle edges by their local vertex pair (lower mesh index first), counted in order of first use
  const span = verts.length;
  const edgeUse = new Map<number, number>();
  const useEdge = (x: number, y: number) => {
    const key = x < y ? slot[x] * span + slot[y] : slot[y] * span + slot[x];
    edgeUse.set(key, (edgeUse.get(key) ?? 0) + 1);
  };
  const n: Vec3 = [0, 0, 0];
  for (let t = of.first; t <= of.last; t++) {
    const a = indices[3 * t], b = indices[3 * t + 1], c = indices[3 * t + 2];
    useEdge(a, b);
    useEdge(b, c);
    useEdge(c, a);
    const ux = positions[3 * b] - positions[3 * a], uy = positions[3 * b + 1] - positions[3 * a + 1], uz = positions[3 * b + 2] - positions[3 * a + 2];
    const vx = positions[3 * c] - positions[3 * a], vy = positions[3 * c + 1] - positions[3 * a + 1], vz = positions[3 * c + 2] - positions[3 * a + 2];
    n[0] += uy * vz - uz * vy;
    n[1] += uz * vx - ux * vz;
    n[2] += ux * vy - uy * vx;
  }
  const boundary: number[] = [];
  for (const [key, uses] of edgeUse) {
    if (uses !== 1) continue;
    const x = Math.floor(key / span);
    boundary.push(x, key - x * span);
  }
  return { verts: Uint32Array.from(verts), normal: n, boundary: Uint32Array.from(boundary) };
}

/** @internal Mesh vertex `v` of `positions` through the column-major matrix `m` (body frame ← mesh frame). */
export function applyInverse(m: number[], positions: Float64Array, v: number, out: Vec3): Vec3 {
  const x = positions[3 * v], y = positions[3 * v + 1], z = positions[3 * v + 2];
  out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
  out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
  out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  return out;
}

/** @internal Vertices of an occt face mapped into a body frame, cached per (face, transform). */
export function localCoords(flat: FlattenedOcct, geom: FaceGeom, inv: number[]): Float64Array {
  if (geom.local && geom.localInv === inv) return geom.local;
  const out = new Float64Array(geom.verts.length * 3);
  const p: Vec3 = [0, 0, 0];
  for (let i = 0; i < geom.verts.length; i++) {
    applyInverse(inv, flat.mesh.positions, geom.verts[i], p);
    out[3 * i] = p[0];
    out[3 * i + 1] = p[1];
    out[3 * i + 2] = p[2];
  }
  geom.local = out;
  geom.localInv = inv;
  return out;
}
