/**
 * The one feature-parameter measurer of every tier: given a feature's class and faces, its sizes from
 * the part's geometry (the B-Rep's surfaces and exact boundary points; on a segmented mesh, the fitted
 * surfaces and face boxes). Names carry their unit (`Mm`, `Deg`); the definitions are the result
 * contract's (docs/result-contract.md, "Feature parameters"):
 *
 * - **Feature axis `a`** (prismatic features): the outward normal of a bottom face (it points out of the
 *   material, up out of a pocket); else the direction every planar wall contains (cross product of the
 *   two least-parallel wall normals); else the first planar face's normal; else a curved face's axis.
 * - **Holes** (`through_hole`, `blind_hole`): `diameterMm` = the narrowest cylinder (the drilled hole),
 *   `depthMm` = extent along its axis; composite stacks add `counterboreDiameterMm`/`counterboreDepthMm`,
 *   `countersinkDiameterMm`/`countersinkAngleDeg` (included angle), `counterdrillDiameterMm`/
 *   `counterdrillDepthMm`/`counterdrillAngleDeg`, `threadDiameterMm`/`threadDepthMm`/`threadPitchMm`; a tapered
 *   hole (an inward cone for its wall, no cylinder) has `diameterMm` at its narrow end and `taperAngleDeg` (included).
 * - **O-rings**: `innerDiameterMm`, `outerDiameterMm` (smallest / largest cylinder), `depthMm` (along
 *   the axis), `widthMm` = (outer − inner) / 2, the groove's radial width.
 * - **Rounds**: `radiusMm` = smallest cylinder / torus-minor / sphere radius, `lengthMm` = extent along
 *   the cylinder axis, `convex` = 1 for a rounded outside edge, 0 for a fillet in an inside corner.
 * - **Chamfers**: the two faces the chamfer joins are its neighbours whose normals are closest to its
 *   own; `angle1Deg` ≤ `angle2Deg` = angle between the chamfer's normal and theirs (45 / 45 for a
 *   symmetric chamfer on a right-angled edge); `lengthMm` = extent along the chamfered edge,
 *   `widthMm` = extent across it in the chamfer's plane (the chamfer face's width), `distance1Mm`/`distance2Mm` = width ×
 *   cos(angle1/2), the setbacks on the two faces (the chamfer size).
 * - **Every other class** (passages, pockets, slots, steps): `depthMm` = extent along `a` (for steps too),
 *   `lengthMm` ≥ `widthMm` = extents across it, along the largest wall and square to it; `radiusMm` =
 *   smallest cylinder radius for classes with round ends or corners; `wallCount` = distinct wall
 *   directions of passages and polygon pockets.
 *
 * Values are rounded to 1e-6; a parameter that cannot be measured is absent.
 * @internal
 */
import type { Vec3 } from '../../model/index.js';
import type { FeatureGeometry, MeasuredFace } from './feature-geometry.js';
import { describeHoleStack } from './hole-stack.js';

/** Class ids (AAGNet order) by how they are measured. */
const CHAMFER = 0;
const HOLES = new Set([1, 12]);
const ORING = 11;
const ROUND = 23;
const WITH_RADIUS = new Set([7, 16, 18, 19, 21]);
const WITH_WALL_COUNT = new Set([2, 3, 4, 13, 14, 15]);
const PERPENDICULAR_COS = 0.02;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec3): Vec3 | null => {
  const l = Math.hypot(a[0], a[1], a[2]);
  return l > 1e-12 ? [a[0] / l, a[1] / l, a[2] / l] : null;
};
const anyPerpendicular = (a: Vec3): Vec3 => unit(cross(a, Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]))!;
const degrees = (cos: number) => (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;

/** Round a parameter to 1e-6 (mm or degrees). */
export function roundParameter(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** [min, max] of points (xyz…) projected on `d`. */
export function extentOfPoints(points: Float64Array, d: Vec3): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k + 2 < points.length; k += 3) {
    const t = points[k] * d[0] + points[k + 1] * d[1] + points[k + 2] * d[2];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

function prismaticAxis(faces: readonly MeasuredFace[], bottoms: readonly MeasuredFace[]): Vec3 | null {
  for (const b of bottoms) if (b.normal) return b.normal;
  const normals = faces.map((f) => f.normal).filter((n): n is Vec3 => n !== null);
  let best: Vec3 | null = null;
  let bestSin = 1e-3;
  for (let i = 0; i < normals.length; i++)
    for (let j = i + 1; j < normals.length; j++) {
      const c = cross(normals[i], normals[j]);
      const s = Math.hypot(c[0], c[1], c[2]);
      if (s > bestSin) {
        bestSin = s;
        best = c;
      }
    }
  if (best) return unit(best);
  if (normals.length > 0) return normals[0];
  const curved = faces.find((f) => f.axis);
  return curved ? unit(curved.axis!) : null;
}

/** Distinct directions among unit vectors (|cos| > 0.9995 is one direction, opposite ones are two). */
function distinctDirections(dirs: readonly Vec3[]): number {
  const kept: Vec3[] = [];
  for (const d of dirs) if (kept.every((k) => dot(k, d) < 0.9995)) kept.push(d);
  return kept.length;
}

/**
 * Measures a feature's parameters. `faces` and `bottomFaces` index `geom`'s faces; `classId` is the
 * AAGNet class (0..23). Returns an empty record when nothing can be measured.
 */
export function measureFeatureParameters(geom: FeatureGeometry, classId: number, faces: readonly number[], bottomFaces: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  const set = (name: string, v: number | null | undefined) => {
    if (v !== null && v !== undefined && Number.isFinite(v)) out[name] = roundParameter(v);
  };
  const valid = faces.filter((f) => f >= 0 && f < geom.faceCount);
  if (valid.length === 0) return out;
  const fs = valid.map((f) => geom.face(f));
  const points = geom.boundaryPoints(valid);
  if (points.length === 0) return out;
  const cylinders = fs.filter((f) => f.kind === 'cylinder' && f.radius !== null);

  if (HOLES.has(classId)) {
    const stack = describeHoleStack(geom, valid);
    if (stack) {
      set('diameterMm', stack.diameterMm);
      set('depthMm', stack.depthMm);
      for (const s of stack.segments) {
        if (s.kind === 'counterbore' || s.kind === 'counterdrill') {
          set(`${s.kind}DiameterMm`, s.diameterMm);
          set(`${s.kind}DepthMm`, s.depthMm);
          if (s.kind === 'counterdrill') set('counterdrillAngleDeg', s.angleDeg);
        } else if (s.kind === 'thread') {
          set('threadDiameterMm', s.diameterMm);
          set('threadDepthMm', s.depthMm);
          set('threadPitchMm', s.pitchMm);
        } else if (s.kind === 'countersink') {
          set('countersinkDiameterMm', s.diameterMm);
          set('countersinkAngleDeg', s.angleDeg);
        }
      }
      return out;
    }
    // No inward cylinder (a tier called other faces a hole): the extent along the first curved axis.
    const axis = fs.find((f) => f.axis)?.axis ?? prismaticAxis(fs, []);
    if (axis) {
      const [lo, hi] = extentOfPoints(points, axis);
      set('depthMm', hi - lo);
    }
    // A tapered hole (a taper pin's, a drafted cast bore): its wall is an inward cone.
    const taper = fs.findIndex((f) => f.kind === 'cone' && f.inward && f.radius !== null && f.semiAngleRad !== null && f.axis !== null);
    if (taper >= 0) {
      const c = fs[taper];
      const [lo, hi] = extentOfPoints(geom.boundaryPoints([valid[taper]]), c.axis!);
      const at0 = c.origin[0] * c.axis![0] + c.origin[1] * c.axis![1] + c.origin[2] * c.axis![2];
      const tan = Math.tan(c.semiAngleRad!);
      set('diameterMm', 2 * Math.min(c.radius! + tan * (lo - at0), c.radius! + tan * (hi - at0)));
      set('taperAngleDeg', (2 * Math.abs(c.semiAngleRad!) * 180) / Math.PI);
    }
    return out;
  }

  if (classId === ORING) {
    const axis = cylinders[0]?.axis ?? fs.find((f) => f.axis)?.axis ?? prismaticAxis(fs, []);
    if (cylinders.length > 0) {
      const radii = cylinders.map((c) => c.radius!);
      const inner = Math.min(...radii), outer = Math.max(...radii);
      set('innerDiameterMm', 2 * inner);
      set('outerDiameterMm', 2 * outer);
      set('widthMm', outer - inner);
    }
    if (axis) {
      const [lo, hi] = extentOfPoints(points, axis);
      set('depthMm', hi - lo);
    }
    return out;
  }

  if (classId === ROUND) {
    const radial = fs.filter((f) => (f.kind === 'cylinder' || f.kind === 'torus' || f.kind === 'sphere') && f.radius !== null);
    if (radial.length > 0) {
      set('radiusMm', Math.min(...radial.map((f) => f.radius!)));
      set('convex', radial[0].inward ? 0 : 1);
    }
    const axis = cylinders[0]?.axis ?? null;
    if (axis) {
      const [lo, hi] = extentOfPoints(points, unit(axis)!);
      set('lengthMm', hi - lo);
    }
    return out;
  }

  if (classId === CHAMFER) {
    const k = fs.findIndex((f) => f.normal !== null);
    if (k < 0) return out;
    const n = fs[k].normal!;
    const inside = new Set(valid);
    const joined = [...new Set(valid.flatMap((f) => geom.neighbours(f)))]
      .filter((f) => !inside.has(f))
      .map((f) => geom.face(f).normal)
      .filter((m): m is Vec3 => m !== null)
      .sort((a, b) => dot(n, b) - dot(n, a))
      .slice(0, 2);
    const edge = joined.length > 0 ? unit(cross(n, joined[0])) : null;
    const along = edge ?? longestBoxAxis(fs);
    const [lo, hi] = extentOfPoints(points, along);
    set('lengthMm', hi - lo);
    const across = unit(cross(n, along));
    let width: number | null = null;
    if (across) {
      const [w0, w1] = extentOfPoints(points, across);
      width = w1 - w0;
    }
    set('widthMm', width);
    const angles = joined.map((m) => degrees(dot(n, m))).sort((a, b) => a - b);
    angles.forEach((a, i) => {
      set(`angle${i + 1}Deg`, a);
      if (width !== null) set(`distance${i + 1}Mm`, width * Math.cos((a * Math.PI) / 180));
    });
    return out;
  }

  const bottoms = bottomFaces.filter((f) => f >= 0 && f < geom.faceCount).map((f) => geom.face(f));
  const a = prismaticAxis(fs, bottoms);
  if (!a) return out;
  const [lo, hi] = extentOfPoints(points, a);
  const walls = fs.filter((f) => f.normal && Math.abs(dot(f.normal, a)) < PERPENDICULAR_COS);
  const largestWall = walls.reduce<MeasuredFace | null>((m, f) => (m === null || f.area > m.area ? f : m), null);
  const u = (largestWall && unit(cross(largestWall.normal!, a))) ?? anyPerpendicular(a);
  const v = unit(cross(a, u)) ?? anyPerpendicular(a);
  const [u0, u1] = extentOfPoints(points, u);
  const [v0, v1] = extentOfPoints(points, v);
  // Faces that all lie square to the axis (a floor whose walls went to another feature) have no depth to
  // measure: absent, not 0.
  if (hi - lo > DEPTH_EPS_MM) set('depthMm', hi - lo);
  set('widthMm', Math.min(u1 - u0, v1 - v0));
  set('lengthMm', Math.max(u1 - u0, v1 - v0));
  if (WITH_RADIUS.has(classId) && cylinders.length > 0) set('radiusMm', Math.min(...cylinders.map((c) => c.radius!)));
  if (WITH_WALL_COUNT.has(classId) && walls.length > 0) set('wallCount', distinctDirections(walls.map((w) => w.normal!)));
  return out;
}

/** Below this extent along the feature axis (mm) a prismatic feature has no measurable depth. */
const DEPTH_EPS_MM = 1e-6;

/** The world axis along which the faces' boxes extend furthest. */
function longestBoxAxis(fs: readonly MeasuredFace[]): Vec3 {
  const e = [0, 1, 2].map((k) => Math.max(...fs.map((f) => f.bbox.max[k])) - Math.min(...fs.map((f) => f.bbox.min[k])));
  const k = e.indexOf(Math.max(...e));
  return [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0];
}

/** The parameter names {@link measureFeatureParameters} may report for a class (composite hole extras excluded). */
export function parameterNamesOf(classId: number): readonly string[] {
  if (HOLES.has(classId)) return ['diameterMm', 'depthMm'];
  if (classId === ORING) return ['innerDiameterMm', 'outerDiameterMm', 'widthMm', 'depthMm'];
  if (classId === ROUND) return ['radiusMm', 'convex', 'lengthMm'];
  if (classId === CHAMFER) return ['lengthMm', 'widthMm', 'angle1Deg', 'distance1Mm', 'angle2Deg', 'distance2Mm'];
  const base = ['depthMm', 'widthMm', 'lengthMm'];
  if (WITH_RADIUS.has(classId)) base.push('radiusMm');
  if (WITH_WALL_COUNT.has(classId)) base.push('wallCount');
  return base;
}
