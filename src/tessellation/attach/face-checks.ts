import type { Part, PartFace, Surface, Vec3 } from '../../model/index.js';
import { distanceToSurface } from '../../geometry/surface-distance.js';
import { evaluateCurve } from '../../geometry/curve-eval.js';
import { edgeRange } from '../../brep/edge-ranges.js';
import type { FlattenedOcct } from '../flatten-occt-result.js';
import { localCoords, type FaceGeom } from './occt-face-geometry.js';
import { buildSegmentGrid, type SegmentGrid } from './segment-grid.js';

/** A planar face's triangle winding agrees with its normal when the cosine between them exceeds this. */
const COS_NORMAL_OK = 0.5;

/**
 * @internal Witness points of a Part face's boundary: points inside its edges (curve evaluated at interior
 * parameters: the midpoint of a line, quarter points of anything else). Two faces on one surface with the
 * same B-Rep vertices (the two halves of a split cylinder) differ here. Edges that cannot be evaluated give none.
 */
export function edgeWitnessPoints(part: Part, face: PartFace): Vec3[] {
  const pts: Vec3[] = [];
  const seen = new Set<number>();
  for (const b of face.bounds) {
    for (const ce of b.coedges) {
      if (seen.has(ce.edge)) continue;
      seen.add(ce.edge);
      const e = part.edges[ce.edge];
      if (!e || e.curve.type === 'other') continue;
      let range: [number, number];
      try {
        range = edgeRange(part, e);
      } catch {
        continue;
      }
      if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) continue;
      for (const f of e.curve.type === 'line' ? [0.5] : [0.25, 0.5, 0.75]) {
        let p: Vec3;
        try {
          p = evaluateCurve(e.curve, range[0] + f * (range[1] - range[0]));
        } catch {
          continue;
        }
        if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2])) pts.push([p[0], p[1], p[2]]);
      }
    }
  }
  return pts;
}

/**
 * @internal How far the occt face's boundary chords stray from the Part face's surface: the largest distance of a
 * boundary segment's midpoint to the surface (≈ the chordal sagitta of curved edges; 0 along straight
 * edges). Edge witnesses lie on the true curves, so they can only be expected within this of the chords:
 * a coarse tessellation (OpenCascade falls back to a 1 mm deflection on sub-micron parts) must not make
 * a right face fail, while well-separated edges (the halves of a split cylinder) still differ by far more.
 */
export function boundaryChordDeviation(geom: FaceGeom, local: Float64Array, surface: Surface | null): number {
  if (!surface) return 0;
  const bd = geom.boundary;
  let max = 0;
  const mid: Vec3 = [0, 0, 0];
  for (let s = 0; s < bd.length; s += 2) {
    const a = 3 * bd[s], b = 3 * bd[s + 1];
    mid[0] = (local[a] + local[b]) / 2;
    mid[1] = (local[a + 1] + local[b + 1]) / 2;
    mid[2] = (local[a + 2] + local[b + 2]) / 2;
    const d = distanceToSurface(surface, mid);
    if (Number.isFinite(d) && d > max) max = d;
  }
  return max;
}

/**
 * @internal Fraction of `witnesses` lying within `tol` of the occt face's triangulation boundary (its vertices when it
 * has no boundary, as a closed sphere). With `requireAll` it stops at the first miss (returns 0).
 */
export function witnessFraction(geom: FaceGeom, local: Float64Array, witnesses: Vec3[], tol: number, requireAll: boolean): number {
  if (witnesses.length === 0) return 1;
  const tol2 = tol * tol;
  const bd = geom.boundary;
  const segments = bd.length >> 1;
  /** Whether witness w lies within tol of boundary segment s (the triangulation's boundary edge bd[2s], bd[2s + 1]). */
  const near = (w: Vec3, s: number) => {
    const a = 3 * bd[2 * s], b = 3 * bd[2 * s + 1];
    const ax = local[a], ay = local[a + 1], az = local[a + 2];
    const ex = local[b] - ax, ey = local[b + 1] - ay, ez = local[b + 2] - az;
    const px = w[0] - ax, py = w[1] - ay, pz = w[2] - az;
    const ee = ex * ex + ey * ey + ez * ez;
    let t = ee > 0 ? (px * ex + py * ey + pz * ez) / ee : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const dx = px - t * ex, dy = py - t * ey, dz = pz - t * ez;
    return dx * dx + dy * dy + dz * dz <= tol2;
  };
  // Many witnesses against a long boundary: only the segments near each witness are tested (same answers).
  const grid = segments >= GRID_MIN_SEGMENTS && segments * witnesses.length >= GRID_MIN_TESTS ? segmentGridOf(geom, local) : null;
  let found = 0;
  for (const w of witnesses) {
    let ok = false;
    if (bd.length === 0) {
      for (let i = 0; i < geom.verts.length && !ok; i++) {
        const dx = local[3 * i] - w[0], dy = local[3 * i + 1] - w[1], dz = local[3 * i + 2] - w[2];
        ok = dx * dx + dy * dy + dz * dz <= tol2;
      }
    } else if (grid) ok = grid.someNear(w[0], w[1], w[2], tol, (s) => near(w, s));
    else for (let s = 0; s < segments && !ok; s++) ok = near(w, s);
    if (ok) found++;
    else if (requireAll) return 0;
  }
  return found / witnesses.length;
}

/** The boundary segment grid pays for itself from this many segments and segment tests per call. */
const GRID_MIN_SEGMENTS = 32;
const GRID_MIN_TESTS = 4096;

/** The grid over the occt face's boundary in the body frame of `local`, built once per face and frame. */
function segmentGridOf(geom: FaceGeom, local: Float64Array): SegmentGrid {
  if (!geom.segmentGrid || geom.segmentGridLocal !== local) {
    geom.segmentGrid = buildSegmentGrid(local, geom.boundary);
    geom.segmentGridLocal = local;
  }
  return geom.segmentGrid;
}

/** @internal Points of a Part face's B-Rep vertices (from its loops). */
export function brepVertexPoints(part: Part, face: PartFace): Vec3[] {
  const ids = new Set<number>();
  for (const b of face.bounds) {
    if (b.vertex !== undefined) ids.add(b.vertex);
    for (const ce of b.coedges) {
      const e = part.edges[ce.edge];
      if (!e) continue;
      ids.add(e.start);
      ids.add(e.end);
    }
  }
  const pts: Vec3[] = [];
  for (const id of ids) {
    const v = part.vertices[id];
    if (v) pts.push(v.point);
  }
  return pts;
}

/** @internal Whether distances to the surface can be measured (a known, non-`other` surface). */
export function isMeasurable(s: Surface | null): s is Surface {
  return s !== null && s.type !== 'other';
}

/** @internal What {@link checkFace} measured. */
export interface FaceCheck {
  /** Max vertex distance (mm); null when the surface cannot be measured. Infinity when beyond tolerance (early exit). */
  dev: number | null;
  /** Fraction of the Part face's B-Rep vertices found among the occt face's vertices (1 when it has none). */
  vertexHit: number;
  normalOk: boolean;
}

/**
 * @internal Compare occt face geometry with Part face `pf` under inverse placement `inv`. With `requireAllVertices`
 * the check stops as soon as one B-Rep vertex is missing. The distance check always stops past `tol`
 * (dev = Infinity).
 */
export function checkFace(part: Part, flat: FlattenedOcct, geom: FaceGeom, pf: number, inv: number[], tol: number, bverts: Vec3[], requireAllVertices: boolean): FaceCheck {
  const face = part.faces[pf];
  const local = localCoords(flat, geom, inv);
  const nv = geom.verts.length;
  // B-Rep vertices first: cheap and decisive between coplanar faces.
  let hit = 1;
  if (bverts.length > 0) {
    let found = 0;
    const tol2 = tol * tol;
    for (const bv of bverts) {
      let ok = false;
      for (let i = 0; i < nv; i++) {
        const dx = local[3 * i] - bv[0], dy = local[3 * i + 1] - bv[1], dz = local[3 * i + 2] - bv[2];
        if (dx * dx + dy * dy + dz * dz <= tol2) {
          ok = true;
          break;
        }
      }
      if (ok) found++;
      else if (requireAllVertices) return { dev: Infinity, vertexHit: 0, normalOk: true };
    }
    hit = found / bverts.length;
    if (found === 0) return { dev: Infinity, vertexHit: 0, normalOk: true };
  }
  let dev: number | null = null;
  if (isMeasurable(face.surface)) {
    dev = 0;
    const p: Vec3 = [0, 0, 0];
    for (let i = 0; i < nv; i++) {
      p[0] = local[3 * i];
      p[1] = local[3 * i + 1];
      p[2] = local[3 * i + 2];
      let d: number;
      try {
        d = distanceToSurface(face.surface, p);
      } catch {
        d = NaN;
      }
      if (Number.isNaN(d)) {
        dev = null;
        break;
      }
      if (d > dev) dev = d;
      if (dev > tol) return { dev: Infinity, vertexHit: hit, normalOk: true };
    }
  }
  let normalOk = true;
  if (face.surface?.type === 'plane') {
    const n = geom.normal;
    // rotate by inv (no translation)
    const nx = inv[0] * n[0] + inv[4] * n[1] + inv[8] * n[2];
    const ny = inv[1] * n[0] + inv[5] * n[1] + inv[9] * n[2];
    const nz = inv[2] * n[0] + inv[6] * n[1] + inv[10] * n[2];
    const l = Math.hypot(nx, ny, nz);
    const z = face.surface.frame.z;
    const s = face.reversed ? -1 : 1;
    if (l > 0) normalOk = (s * (nx * z[0] + ny * z[1] + nz * z[2])) / l > COS_NORMAL_OK;
  }
  return { dev, vertexHit: hit, normalOk };
}
