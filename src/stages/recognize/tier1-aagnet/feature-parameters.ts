/**
 * Measured parameters of a recognized machining feature, taken from the Part's B-Rep (surfaces,
 * edges, vertices), never from the tessellation: the network only says which faces form a feature;
 * the sizes come from the exact geometry.
 *
 * Method (all lengths in mm, angles in degrees):
 * - Feature points: the vertices of every edge bounding the feature's faces, plus 16 samples along
 *   each curved edge (circles, ellipses, B-splines) in its parameter range.
 * - Feature axis `a`:
 *   - holes, O-rings, rounds: the axis of the feature's (largest-radius) cylinder;
 *   - with a planar bottom face: the outward normal of that face (it points out of the material,
 *     i.e. up out of a pocket);
 *   - otherwise (passages, through slots without a predicted bottom): the cross product of the two
 *     least-parallel planar wall normals (the direction every wall contains);
 *   - fallback: the first planar face's normal.
 * - `depthMm` (or `heightMm` for steps) = extent of the feature points along `a`, i.e. the distance
 *   between the bottom plane and the highest rim point (for through features, the through length).
 * - In-plane frame: `u` = direction of the longest straight edge of the feature perpendicular to `a`
 *   (within 1e-3), `v = a × u`; `lengthMm` / `widthMm` = larger / smaller extent of the points along
 *   `u` and `v`.
 * - Holes: `diameterMm` = 2 × cylinder radius. Features with cylindrical ends or corners (circular
 *   slots, circular-end pockets, circular steps): `radiusMm` = smallest cylinder radius. Rounds:
 *   `radiusMm` = smallest cylinder / torus-minor / sphere radius. O-rings: `innerDiameterMm`,
 *   `outerDiameterMm`, `widthMm` (extent along the axis).
 * - Chamfers: `widthMm` = extent of the chamfer face across its longest edge (the hypotenuse),
 *   `lengthMm` = extent along it, `angleDeg` = smallest dihedral angle to a neighbouring face outside
 *   the feature (45 for a symmetric chamfer between perpendicular faces).
 *
 * @internal
 */
import type { Part, PartFace, Vec3 } from '../../../model/index.js';
import { edgeParameterRange, evaluateCurve } from '../../../geometry/curve-eval.js';
import { dot3, cross3, vec3 } from '../../../geometry/vec3.js';

const CURVE_SAMPLES = 16;
const PERPENDICULAR_TOL = 1e-3;

/** Class ids (AAGNet order) grouped by how they are measured. @internal */
const HOLE_CLASSES = new Set([1, 12]); // through_hole, blind_hole
const ORING_CLASS = 11;
const ROUND_CLASS = 23;
const CHAMFER_CLASS = 0;
const STEP_CLASSES = new Set([8, 9, 10, 20, 21, 22]);
const CIRCULAR_CLASSES = new Set([7, 16, 18, 19, 21]);

/** Growable flat xyz point list. @internal */
class PointList {
  data = new Float64Array(96);
  count = 0;
  push(x: number, y: number, z: number): void {
    if (this.count * 3 + 3 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const k = this.count * 3;
    this.data[k] = x;
    this.data[k + 1] = y;
    this.data[k + 2] = z;
    this.count++;
  }
  /** [min, max] of the points projected on `d`. */
  extent(d: Vec3): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.count; i++) {
      const k = i * 3;
      const t = this.data[k] * d[0] + this.data[k + 1] * d[1] + this.data[k + 2] * d[2];
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return [lo, hi];
  }
}

function outwardNormal(face: PartFace): Vec3 | null {
  const s = face.surface;
  if (!s || s.type !== 'plane') return null;
  const z = s.frame.z;
  return face.reversed ? [-z[0], -z[1], -z[2]] : [z[0], z[1], z[2]];
}

function normalized(a: Vec3): Vec3 | null {
  const l = Math.hypot(a[0], a[1], a[2]);
  return l > 1e-12 ? [a[0] / l, a[1] / l, a[2] / l] : null;
}

/** Any unit vector perpendicular to unit `a`. */
function perpendicular(a: Vec3): Vec3 {
  const t: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  return normalized(cross3(vec3(), a, t))!;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Edges bounding the given faces, each once. */
function featureEdges(part: Readonly<Part>, faces: readonly number[]): number[] {
  const seen = new Set<number>();
  for (const f of faces) for (const b of part.faces[f].bounds) for (const c of b.coedges) seen.add(c.edge);
  return [...seen];
}

const scratch: Vec3 = [0, 0, 0];

/** Vertices of the edges, plus samples along curved edges. */
function collectPoints(part: Readonly<Part>, edges: readonly number[], faces: readonly number[], out: PointList): void {
  for (const ei of edges) {
    const e = part.edges[ei];
    const ps = part.vertices[e.start].point;
    const pe = part.vertices[e.end].point;
    out.push(ps[0], ps[1], ps[2]);
    if (e.end !== e.start) out.push(pe[0], pe[1], pe[2]);
    if (e.curve.type === 'line' || e.curve.type === 'other') continue;
    let range: [number, number];
    try {
      range = edgeParameterRange(e.curve, ps, pe, e.sameSense, e.start === e.end);
    } catch {
      continue;
    }
    if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) continue;
    for (let k = 1; k < CURVE_SAMPLES; k++) {
      const t = range[0] + ((range[1] - range[0]) * k) / CURVE_SAMPLES;
      const p = evaluateCurve(e.curve, t, scratch);
      if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2])) out.push(p[0], p[1], p[2]);
    }
  }
  // Faces bounded only by a vertex loop or nothing (rare): use their bbox corners.
  if (out.count === 0)
    for (const f of faces) {
      const b = part.faces[f].bbox;
      out.push(b.min[0], b.min[1], b.min[2]);
      out.push(b.max[0], b.max[1], b.max[2]);
    }
}

/** Direction of the longest straight edge perpendicular to `a`, or null. */
function longestPerpendicularLine(part: Readonly<Part>, edges: readonly number[], a: Vec3): Vec3 | null {
  let best: Vec3 | null = null;
  let bestLength = 0;
  for (const ei of edges) {
    const e = part.edges[ei];
    if (e.curve.type !== 'line') continue;
    const d = normalized(e.curve.direction);
    if (!d || Math.abs(dot3(d, a)) > PERPENDICULAR_TOL) continue;
    if (e.lengthMm > bestLength) {
      bestLength = e.lengthMm;
      best = d;
    }
  }
  return best;
}

type RadialSurface = { axis: Vec3; radius: number; kind: 'cylinder' | 'cone' | 'torus' | 'sphere' };

function radialSurfaces(part: Readonly<Part>, faces: readonly number[]): RadialSurface[] {
  const out: RadialSurface[] = [];
  for (const f of faces) {
    const s = part.faces[f].surface;
    if (!s) continue;
    if (s.type === 'cylinder') out.push({ axis: s.frame.z, radius: s.radius, kind: 'cylinder' });
    else if (s.type === 'cone') out.push({ axis: s.frame.z, radius: s.radius, kind: 'cone' });
    else if (s.type === 'torus') out.push({ axis: s.frame.z, radius: s.minorRadius, kind: 'torus' });
    else if (s.type === 'sphere') out.push({ axis: s.frame.z, radius: s.radius, kind: 'sphere' });
  }
  return out;
}

/** The feature axis for prismatic (planar-walled) features. */
function prismaticAxis(part: Readonly<Part>, faces: readonly number[], bottomFaces: readonly number[]): Vec3 | null {
  for (const f of bottomFaces) {
    const n = outwardNormal(part.faces[f]);
    if (n) return n;
  }
  const normals: Vec3[] = [];
  for (const f of faces) {
    const n = outwardNormal(part.faces[f]);
    if (n) normals.push(n);
  }
  let best: Vec3 | null = null;
  let bestSin = 1e-3;
  for (let i = 0; i < normals.length; i++)
    for (let j = i + 1; j < normals.length; j++) {
      const c = cross3(vec3(), normals[i], normals[j]);
      const s = Math.hypot(c[0], c[1], c[2]);
      if (s > bestSin) {
        bestSin = s;
        best = c;
      }
    }
  if (best) return normalized(best);
  if (normals.length > 0) return normals[0];
  const radial = radialSurfaces(part, faces);
  return radial.length > 0 ? normalized(radial[0].axis) : null;
}

/** Extents of the points along `a` and the in-plane frame. */
function boxInFrame(part: Readonly<Part>, edges: readonly number[], points: PointList, a: Vec3) {
  const [lo, hi] = points.extent(a);
  const u = longestPerpendicularLine(part, edges, a) ?? perpendicular(a);
  const v = normalized(cross3(vec3(), a, u)) ?? perpendicular(a);
  const [u0, u1] = points.extent(u);
  const [v0, v1] = points.extent(v);
  const eu = u1 - u0;
  const ev = v1 - v0;
  return { depth: hi - lo, length: Math.max(eu, ev), width: Math.min(eu, ev) };
}

/** Smallest dihedral angle (deg) between one of `faces` and a neighbour outside `faces`. */
function smallestOutsideDihedral(part: Readonly<Part>, faces: readonly number[]): number | null {
  const inside = new Set(faces);
  let best: number | null = null;
  for (const f of faces) {
    for (const ai of part.aag.neighbours[f] ?? []) {
      const arc = part.aag.arcs[ai];
      const other = arc.a === f ? arc.b : arc.a;
      if (inside.has(other) || arc.convexity === 'smooth' || !Number.isFinite(arc.dihedralDeg)) continue;
      if (best === null || arc.dihedralDeg < best) best = arc.dihedralDeg;
    }
  }
  return best;
}

/**
 * Measure a feature's parameters from the Part's B-Rep. `faces` and `bottomFaces` are Part face
 * indices. Returns an empty record when nothing can be measured (e.g. faces without surfaces).
 * Values are rounded to 1e-6 mm / degree.
 * @internal
 */
export function measureFeatureParameters(
  part: Readonly<Part>,
  classId: number,
  faces: readonly number[],
  bottomFaces: readonly number[],
): Record<string, number> {
  const out: Record<string, number> = {};
  if (faces.length === 0) return out;
  const edges = featureEdges(part, faces);
  const points = new PointList();
  collectPoints(part, edges, faces, points);
  if (points.count === 0) return out;
  const radial = radialSurfaces(part, faces);
  const cylinders = radial.filter((r) => r.kind === 'cylinder');
  const set = (name: string, value: number | null | undefined) => {
    if (value !== null && value !== undefined && Number.isFinite(value)) out[name] = round6(value);
  };

  if (HOLE_CLASSES.has(classId) || classId === ORING_CLASS) {
    const main = (cylinders.length > 0 ? cylinders : radial).reduce<RadialSurface | null>(
      (m, r) => (m === null || r.radius > m.radius ? r : m),
      null,
    );
    const axis = main ? normalized(main.axis) : prismaticAxis(part, faces, bottomFaces);
    if (!axis) return out;
    const [lo, hi] = points.extent(axis);
    if (classId === ORING_CLASS) {
      const radii = cylinders.map((c) => c.radius);
      if (radii.length > 0) {
        set('innerDiameterMm', 2 * Math.min(...radii));
        set('outerDiameterMm', 2 * Math.max(...radii));
      }
      set('widthMm', hi - lo);
      return out;
    }
    if (main) set('diameterMm', 2 * main.radius);
    set('depthMm', hi - lo);
    return out;
  }

  if (classId === ROUND_CLASS) {
    if (radial.length > 0) set('radiusMm', Math.min(...radial.map((r) => r.radius)));
    const axis = radial.length > 0 ? normalized(radial[0].axis) : null;
    if (axis) {
      const [lo, hi] = points.extent(axis);
      set('lengthMm', hi - lo);
    }
    return out;
  }

  if (classId === CHAMFER_CLASS) {
    const n = faces.map((f) => outwardNormal(part.faces[f])).find((x) => x !== null) ?? null;
    if (n) {
      const u = longestPerpendicularLine(part, edges, n) ?? perpendicular(n);
      const v = normalized(cross3(vec3(), n, u)) ?? perpendicular(n);
      const [u0, u1] = points.extent(u);
      const [v0, v1] = points.extent(v);
      set('widthMm', v1 - v0);
      set('lengthMm', u1 - u0);
    }
    set('angleDeg', smallestOutsideDihedral(part, faces));
    return out;
  }

  const axis = prismaticAxis(part, faces, bottomFaces);
  if (!axis) return out;
  const box = boxInFrame(part, edges, points, axis);
  set(STEP_CLASSES.has(classId) ? 'heightMm' : 'depthMm', box.depth);
  set('widthMm', box.width);
  set('lengthMm', box.length);
  if (CIRCULAR_CLASSES.has(classId) && cylinders.length > 0) set('radiusMm', Math.min(...cylinders.map((c) => c.radius)));
  return out;
}

/** The parameter names {@link measureFeatureParameters} may report for a class. @internal */
export function parameterNamesOf(classId: number): readonly string[] {
  if (HOLE_CLASSES.has(classId)) return ['diameterMm', 'depthMm'];
  if (classId === ORING_CLASS) return ['innerDiameterMm', 'outerDiameterMm', 'widthMm'];
  if (classId === ROUND_CLASS) return ['radiusMm', 'lengthMm'];
  if (classId === CHAMFER_CLASS) return ['widthMm', 'lengthMm', 'angleDeg'];
  const base = [STEP_CLASSES.has(classId) ? 'heightMm' : 'depthMm', 'widthMm', 'lengthMm'];
  return CIRCULAR_CLASSES.has(classId) ? [...base, 'radiusMm'] : base;
}

