/**
 * STEP surfaces → model surfaces (mm, rad): PLANE, CYLINDRICAL_SURFACE, CONICAL_SURFACE (semi-angle
 * converted with the plane-angle unit), SPHERICAL_SURFACE, TOROIDAL_SURFACE (and the degenerate form),
 * B_SPLINE_SURFACE(_WITH_KNOTS) incl. the rational complex form and the Bézier / uniform / quasi-uniform
 * forms, SURFACE_OF_LINEAR_EXTRUSION, SURFACE_OF_REVOLUTION, OFFSET_SURFACE. A RECTANGULAR_TRIMMED_SURFACE
 * is its basis surface (as OpenCascade reports it). Anything else is `other` and recorded in
 * `part.unsupported`.
 *
 * @internal
 */
import type { StepEntity, StepValue } from '../formats/step/step-types.js';
import type { Surface, Vec3 } from '../model/index.js';
import { hasUnequalWeights } from '../geometry/bspline.js';
import { buildCurve, impliedKnotVector } from './curves.js';
import { axis1, frame3, point3, vectorOf } from './placements.js';
import {
  badEntity,
  boolArg,
  type BuildContext,
  guarded,
  intArg,
  isType,
  listArg,
  numArg,
  numList,
  recordArgs,
  recordUnsupported,
  refArg,
  requireArgs, need } from './step-access.js';

/** The surface type name of a surface entity without converting it. */
export function surfaceEntityType(e: StepEntity): Surface['type'] {
  if (isType(e, 'B_SPLINE_SURFACE') || e.type === 'B_SPLINE_SURFACE_WITH_KNOTS' || e.type === 'BEZIER_SURFACE') return 'bspline';
  switch (e.type) {
    case 'PLANE':
      return 'plane';
    case 'CYLINDRICAL_SURFACE':
      return 'cylinder';
    case 'CONICAL_SURFACE':
      return 'cone';
    case 'SPHERICAL_SURFACE':
      return 'sphere';
    case 'TOROIDAL_SURFACE':
    case 'DEGENERATE_TOROIDAL_SURFACE':
      return 'torus';
    case 'SURFACE_OF_LINEAR_EXTRUSION':
      return 'extrusion';
    case 'SURFACE_OF_REVOLUTION':
      return 'revolution';
    case 'OFFSET_SURFACE':
      return 'offset';
    default:
      return 'other';
  }
}

/** Converts a surface entity (cached per entity id). */
export function buildSurface(ctx: BuildContext, id: number, from: number): Surface {
  const cached = ctx.surfaces.get(id);
  if (cached) return cached;
  const s = guarded(ctx, id, () => convertSurface(ctx, need(ctx.file, id, from)));
  ctx.surfaces.set(id, s);
  return s;
}

function positive(e: StepEntity, v: number, what: string): number {
  if (!(v > 0)) throw badEntity(e, `${what} must be positive, got ${v}`);
  return v;
}

function convertSurface(ctx: BuildContext, e: StepEntity): Surface {
  const L = ctx.lengthToMm;
  const a = e.args;
  if (isType(e, 'B_SPLINE_SURFACE') || e.type === 'B_SPLINE_SURFACE_WITH_KNOTS' || e.type === 'BEZIER_SURFACE' || e.type === 'UNIFORM_SURFACE' || e.type === 'QUASI_UNIFORM_SURFACE') {
    return bsplineSurface(ctx, e);
  }
  switch (e.type) {
    case 'PLANE':
      return { type: 'plane', frame: frame3(ctx, refArg(e, a, 1, 'position'), e.id) };
    case 'CYLINDRICAL_SURFACE':
      return { type: 'cylinder', frame: frame3(ctx, refArg(e, a, 1, 'position'), e.id), radius: positive(e, numArg(e, a, 2, 'radius') * L, 'radius') };
    case 'CONICAL_SURFACE': {
      const radius = numArg(e, a, 2, 'radius') * L;
      if (radius < 0) throw badEntity(e, `cone radius must not be negative, got ${radius}`);
      let semiAngle = numArg(e, a, 3, 'semi_angle') * ctx.angleToRad;
      if (!(Math.abs(semiAngle) < Math.PI / 2)) throw badEntity(e, `cone semi-angle ${semiAngle} rad is not below π/2`);
      // OpenCascade clamps the semi-angle away from zero.
      if (Math.abs(semiAngle) < 1e-12) semiAngle = semiAngle < 0 ? -1e-12 : 1e-12;
      return { type: 'cone', frame: frame3(ctx, refArg(e, a, 1, 'position'), e.id), radius, semiAngle };
    }
    case 'SPHERICAL_SURFACE':
      return { type: 'sphere', frame: frame3(ctx, refArg(e, a, 1, 'position'), e.id), radius: positive(e, numArg(e, a, 2, 'radius') * L, 'radius') };
    case 'TOROIDAL_SURFACE':
    case 'DEGENERATE_TOROIDAL_SURFACE':
      return {
        type: 'torus',
        frame: frame3(ctx, refArg(e, a, 1, 'position'), e.id),
        majorRadius: Math.abs(numArg(e, a, 2, 'major_radius') * L),
        minorRadius: positive(e, Math.abs(numArg(e, a, 3, 'minor_radius') * L), 'minor radius'),
      };
    case 'SURFACE_OF_LINEAR_EXTRUSION': {
      const sweptCurve = buildCurve(ctx, refArg(e, a, 1, 'swept_curve'), e.id);
      const v = vectorOf(ctx, refArg(e, a, 2, 'extrusion_axis'), e.id);
      const direction: Vec3 = [v.dir[0], v.dir[1] ?? 0, v.dir[2] ?? 0];
      return { type: 'extrusion', sweptCurve, direction };
    }
    case 'SURFACE_OF_REVOLUTION': {
      const sweptCurve = buildCurve(ctx, refArg(e, a, 1, 'swept_curve'), e.id);
      const ax = axis1(ctx, refArg(e, a, 2, 'axis_position'), e.id);
      return { type: 'revolution', sweptCurve, axisOrigin: ax.origin, axisDirection: ax.axis };
    }
    case 'OFFSET_SURFACE': {
      const basis = buildSurface(ctx, refArg(e, a, 1, 'basis_surface'), e.id);
      const distance = numArg(e, a, 2, 'distance') * L;
      const si = a[3];
      const selfIntersect = si && typeof si === 'object' && !Array.isArray(si) && si.kind === 'enum' ? (si.name === 'T' ? true : si.name === 'F' ? false : null) : null;
      return { type: 'offset', basis, distance, selfIntersect };
    }
    case 'RECTANGULAR_TRIMMED_SURFACE':
      return buildSurface(ctx, refArg(e, a, 1, 'basis_surface'), e.id);
    default:
      recordUnsupported(ctx, e, 'surface');
      return { type: 'other', entityType: e.type };
  }
}

function impliedSurfaceKnots(e: StepEntity, degree: number, n: number): { knots: number[]; multiplicities: number[] } {
  if (isType(e, 'BEZIER_SURFACE')) return impliedKnotVector('bezier', degree, n);
  if (isType(e, 'UNIFORM_SURFACE')) return impliedKnotVector('uniform', degree, n);
  if (isType(e, 'QUASI_UNIFORM_SURFACE')) return impliedKnotVector('quasi_uniform', degree, n);
  throw badEntity(e, 'B-spline surface without knots');
}

function checkKnots(e: StepEntity, dir: string, degree: number, n: number, knots: number[], mults: number[]): void {
  if (degree < 1 || degree > 25) throw badEntity(e, `${dir} degree ${degree} out of range 1..25`);
  if (knots.length !== mults.length) throw badEntity(e, `${dir}: ${knots.length} knots but ${mults.length} multiplicities`);
  const sum = mults.reduce((x, y) => x + y, 0);
  if (sum !== n + degree + 1) throw badEntity(e, `${dir} multiplicities sum to ${sum}, expected ${n + degree + 1}`);
  for (let i = 1; i < knots.length; i++) if (!(knots[i] > knots[i - 1])) throw badEntity(e, `${dir} knots must increase strictly`);
}

function bsplineSurface(ctx: BuildContext, e: StepEntity): Surface {
  let base: readonly StepValue[];
  let off: number;
  if (!e.parts) {
    base = e.args;
    off = 1;
  } else {
    base = requireArgs(e, 'B_SPLINE_SURFACE');
    off = 0;
  }
  const uDegree = intArg(e, base, off, 'u_degree');
  const vDegree = intArg(e, base, off + 1, 'v_degree');
  const rows = listArg(e, base, off + 2, 'control_points_list');
  if (rows.length < 2) throw badEntity(e, 'control point grid needs at least 2 rows');
  const controlPoints: Vec3[][] = rows.map((row, i) => {
    if (!Array.isArray(row)) throw badEntity(e, `control point row ${i + 1} is not a list`);
    return row.map((p) => {
      if (!p || typeof p !== 'object' || Array.isArray(p) || p.kind !== 'ref') throw badEntity(e, `control point row ${i + 1} must list references`);
      return point3(ctx, p.id, e.id);
    });
  });
  const nv = controlPoints[0].length;
  if (nv < 2 || controlPoints.some((r) => r.length !== nv)) throw badEntity(e, 'control point rows must all have the same length (≥ 2)');
  const uClosed = boolArg(e, base, off + 4, 'u_closed', false);
  const vClosed = boolArg(e, base, off + 5, 'v_closed', false);
  const kw = !e.parts ? (e.type === 'B_SPLINE_SURFACE_WITH_KNOTS' ? e.args.slice(8) : null) : recordArgs(e, 'B_SPLINE_SURFACE_WITH_KNOTS');
  let uKnots: number[], vKnots: number[], uMultiplicities: number[], vMultiplicities: number[];
  if (kw) {
    uMultiplicities = numList(e, kw, 0, 'u_multiplicities');
    vMultiplicities = numList(e, kw, 1, 'v_multiplicities');
    uKnots = numList(e, kw, 2, 'u_knots');
    vKnots = numList(e, kw, 3, 'v_knots');
  } else {
    ({ knots: uKnots, multiplicities: uMultiplicities } = impliedSurfaceKnots(e, uDegree, controlPoints.length - 1));
    ({ knots: vKnots, multiplicities: vMultiplicities } = impliedSurfaceKnots(e, vDegree, nv - 1));
  }
  checkKnots(e, 'u', uDegree, controlPoints.length, uKnots, uMultiplicities);
  checkKnots(e, 'v', vDegree, nv, vKnots, vMultiplicities);
  let weights: number[][] | null = null;
  const rw = recordArgs(e, 'RATIONAL_B_SPLINE_SURFACE');
  if (rw) {
    const wl = listArg(e, rw, 0, 'weights_data');
    weights = wl.map((row, i) => {
      if (!Array.isArray(row)) throw badEntity(e, `weights row ${i + 1} is not a list`);
      return numList(e, [row], 0, 'weights_data');
    });
    if (weights.length !== controlPoints.length || weights.some((r) => r.length !== nv)) throw badEntity(e, 'weights grid does not match the control point grid');
    if (weights.some((r) => r.some((w) => !(w > 0)))) throw badEntity(e, 'weights must be positive');
  }
  return {
    type: 'bspline',
    uDegree,
    vDegree,
    controlPoints,
    weights,
    uKnots,
    vKnots,
    uMultiplicities,
    vMultiplicities,
    uClosed,
    vClosed,
    rational: hasUnequalWeights(weights),
  };
}
