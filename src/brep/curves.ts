/**
 * STEP curves → model curves (mm, rad). 3-D: LINE, CIRCLE, ELLIPSE, HYPERBOLA, PARABOLA,
 * B_SPLINE_CURVE(_WITH_KNOTS) (also rational, Bézier, uniform and quasi-uniform forms), POLYLINE, TRIMMED_CURVE, and
 * SURFACE_CURVE / SEAM_CURVE / INTERSECTION_CURVE unwrapped to their 3-D curve (their PCURVEs collected separately).
 * 2-D (PCURVE geometry): LINE, CIRCLE, ELLIPSE, HYPERBOLA, PARABOLA, B-splines, POLYLINE. Anything else is `other`
 * and recorded in `part.unsupported`.
 *
 * Conventions (OpenCascade's): a LINE's direction is stored as a unit vector and its parameter is arc
 * length, so trimming parameters on lines are multiplied by the VECTOR magnitude; a trimmed circle's
 * parameters are angles converted to radians; a hyperbola's parameter is STEP's (C + a cosh t·X + b sinh t·Y, ISO
 * 10303-42); a parabola's is OpenCascade's u, ISO's times 2F (ISO writes C + F t²·X + 2F t·Y, OpenCascade C + u²/(4F)·X + u·Y)
 * — but OpenCascade reads a TRIMMED_CURVE's parameter values on a parabola as u unchanged, and so does this reader.
 *
 * @internal
 */
import type { StepEntity, StepValue } from '../formats/step/step-types.js';
import type { Curve, Curve2d, PCurve, Vec2, Vec3 } from '../model/index.js';
import { hasUnequalWeights } from '../geometry/bspline.js';
import { frame2, frame3, point2, point3, vectorOf } from './placements.js';
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
  refList,
  requireArgs,
  untype, need } from './step-access.js';

/** Raw B-spline data as written (point ids unresolved). */
interface RawBSpline {
  degree: number;
  pointIds: number[];
  closed: boolean;
  knots: number[];
  multiplicities: number[];
  weights: number[] | null;
}

/** The spacing a B-spline without an explicit knot list implies (ISO 10303-42). */
export type ImpliedKnotForm = 'bezier' | 'uniform' | 'quasi_uniform';

/**
 * Knots and multiplicities of a B-spline whose STEP record gives none, for `upperIndex` = poles − 1
 * (ISO 10303-42's upper_index_on_control_points). Uniform: the values −degree … upperIndex + 1, each once;
 * quasi-uniform: 0 … upperIndex − degree + 1, the two ends degree + 1 times (so the curve meets its end
 * poles); Bézier: 0 and 1, each degree + 1 times. Either way the multiplicities sum to poles + degree + 1.
 */
export function impliedKnotVector(form: ImpliedKnotForm, degree: number, upperIndex: number): { knots: number[]; multiplicities: number[] } {
  if (form === 'bezier') return { knots: [0, 1], multiplicities: [degree + 1, degree + 1] };
  const knots: number[] = [];
  if (form === 'uniform') {
    for (let k = -degree; k <= upperIndex + 1; k++) knots.push(k);
    return { knots, multiplicities: knots.map(() => 1) };
  }
  for (let k = 0; k <= upperIndex - degree + 1; k++) knots.push(k);
  return { knots, multiplicities: knots.map((_, i) => (i === 0 || i === knots.length - 1 ? degree + 1 : 1)) };
}

function impliedKnots(e: StepEntity, degree: number, n: number): { knots: number[]; multiplicities: number[] } {
  if (isType(e, 'BEZIER_CURVE')) return impliedKnotVector('bezier', degree, n);
  if (isType(e, 'UNIFORM_CURVE')) return impliedKnotVector('uniform', degree, n);
  if (isType(e, 'QUASI_UNIFORM_CURVE')) return impliedKnotVector('quasi_uniform', degree, n);
  throw badEntity(e, 'B-spline curve without knots (no B_SPLINE_CURVE_WITH_KNOTS, BEZIER_CURVE, UNIFORM_CURVE or QUASI_UNIFORM_CURVE record)');
}

function rawBSplineCurve(e: StepEntity): RawBSpline {
  let base: readonly StepValue[];
  let off: number;
  if (!e.parts) {
    base = e.args;
    off = 1; // simple instances start with the name
  } else {
    base = requireArgs(e, 'B_SPLINE_CURVE');
    off = 0;
  }
  const degree = intArg(e, base, off, 'degree');
  const pointIds = refList(e, base, off + 1, 'control_points_list');
  const closed = boolArg(e, base, off + 3, 'closed_curve', false);
  let knots: number[];
  let multiplicities: number[];
  const kw = !e.parts ? (e.type === 'B_SPLINE_CURVE_WITH_KNOTS' ? e.args.slice(6) : null) : recordArgs(e, 'B_SPLINE_CURVE_WITH_KNOTS');
  if (kw) {
    multiplicities = numList(e, kw, 0, 'knot_multiplicities');
    knots = numList(e, kw, 1, 'knots');
  } else {
    ({ knots, multiplicities } = impliedKnots(e, degree, pointIds.length - 1));
  }
  let weights: number[] | null = null;
  const rw = recordArgs(e, 'RATIONAL_B_SPLINE_CURVE');
  if (rw) weights = numList(e, rw, 0, 'weights_data');
  checkBSpline(e, degree, pointIds.length, knots, multiplicities, weights);
  return { degree, pointIds, closed, knots, multiplicities, weights };
}

function checkBSpline(e: StepEntity, degree: number, n: number, knots: number[], mults: number[], weights: number[] | null): void {
  if (degree < 1 || degree > 25) throw badEntity(e, `B-spline degree ${degree} out of range 1..25`);
  if (knots.length !== mults.length) throw badEntity(e, `${knots.length} knots but ${mults.length} multiplicities`);
  const sum = mults.reduce((a, b) => a + b, 0);
  if (sum !== n + degree + 1) throw badEntity(e, `multiplicities sum to ${sum}, expected ${n} poles + degree ${degree} + 1 = ${n + degree + 1}`);
  for (let i = 1; i < knots.length; i++) if (!(knots[i] > knots[i - 1])) throw badEntity(e, 'knots must increase strictly');
  if (weights && weights.length !== n) throw badEntity(e, `${weights.length} weights for ${n} control points`);
  if (weights && weights.some((w) => !(w > 0))) throw badEntity(e, 'weights must be positive');
}

const CURVE_WRAPPERS = ['SURFACE_CURVE', 'SEAM_CURVE', 'INTERSECTION_CURVE', 'BOUNDED_SURFACE_CURVE'];

/** Converts a 3-D curve entity (cached per entity id). */
export function buildCurve(ctx: BuildContext, id: number, from: number): Curve {
  const cached = ctx.curves.get(id);
  if (cached) return cached;
  const curve = guarded(ctx, id, () => convertCurve(ctx, need(ctx.file, id, from)));
  ctx.curves.set(id, curve);
  return curve;
}

function convertCurve(ctx: BuildContext, e: StepEntity): Curve {
  const L = ctx.lengthToMm;
  for (const w of CURVE_WRAPPERS) {
    const a = recordArgs(e, w);
    if (a && !e.parts) return buildCurve(ctx, refArg(e, a, 1, 'curve_3d'), e.id);
    if (a && e.parts) return buildCurve(ctx, refArg(e, a, 0, 'curve_3d'), e.id);
  }
  if (isType(e, 'B_SPLINE_CURVE') || e.type === 'B_SPLINE_CURVE_WITH_KNOTS' || e.type === 'BEZIER_CURVE' || e.type === 'QUASI_UNIFORM_CURVE' || e.type === 'UNIFORM_CURVE') {
    const raw = rawBSplineCurve(e);
    const controlPoints = raw.pointIds.map((p) => point3(ctx, p, e.id));
    return {
      type: 'bspline',
      degree: raw.degree,
      controlPoints,
      weights: raw.weights,
      knots: raw.knots,
      multiplicities: raw.multiplicities,
      closed: raw.closed,
      rational: hasUnequalWeights(raw.weights),
    };
  }
  switch (e.type) {
    case 'LINE': {
      const a = e.args;
      const origin = point3(ctx, refArg(e, a, 1, 'pnt'), e.id);
      const v = vectorOf(ctx, refArg(e, a, 2, 'dir'), e.id);
      return { type: 'line', origin, direction: [v.dir[0], v.dir[1] ?? 0, v.dir[2] ?? 0] };
    }
    case 'CIRCLE': {
      const a = e.args;
      const frame = frame3(ctx, refArg(e, a, 1, 'position'), e.id);
      const radius = numArg(e, a, 2, 'radius') * L;
      if (!(radius > 0)) throw badEntity(e, `circle radius must be positive, got ${radius}`);
      return { type: 'circle', frame, radius };
    }
    case 'ELLIPSE': {
      const a = e.args;
      const frame = frame3(ctx, refArg(e, a, 1, 'position'), e.id);
      const s1 = numArg(e, a, 2, 'semi_axis_1') * L;
      const s2 = numArg(e, a, 3, 'semi_axis_2') * L;
      if (!(s1 > 0) || !(s2 > 0)) throw badEntity(e, 'ellipse semi-axes must be positive');
      return { type: 'ellipse', frame, semiAxis1: s1, semiAxis2: s2 };
    }
    case 'HYPERBOLA': {
      const a = e.args;
      const frame = frame3(ctx, refArg(e, a, 1, 'position'), e.id);
      const semiAxis = numArg(e, a, 2, 'semi_axis') * L;
      const semiImagAxis = numArg(e, a, 3, 'semi_imag_axis') * L;
      if (!(semiAxis > 0) || !(semiImagAxis > 0)) throw badEntity(e, 'hyperbola semi-axes must be positive');
      return { type: 'hyperbola', frame, semiAxis, semiImagAxis };
    }
    case 'PARABOLA': {
      const a = e.args;
      const frame = frame3(ctx, refArg(e, a, 1, 'position'), e.id);
      const focalLength = numArg(e, a, 2, 'focal_dist') * L;
      if (!(focalLength > 0)) throw badEntity(e, `parabola focal distance must be positive, got ${focalLength}`);
      return { type: 'parabola', frame, focalLength };
    }
    case 'POLYLINE': {
      const ids = refList(e, e.args, 1, 'points');
      if (ids.length < 2) throw badEntity(e, 'a polyline needs at least two points');
      return { type: 'polyline', points: ids.map((p) => point3(ctx, p, e.id)) };
    }
    case 'TRIMMED_CURVE': {
      const a = e.args;
      const basisId = refArg(e, a, 1, 'basis_curve');
      const basis = buildCurve(ctx, basisId, e.id);
      const sense = boolArg(e, a, 4, 'sense_agreement', true);
      const scale = trimScale(ctx, need(ctx.file, basisId, e.id), basis);
      const t1 = trimSelect(ctx, e, listArg(e, a, 2, 'trim_1'), scale);
      const t2 = trimSelect(ctx, e, listArg(e, a, 3, 'trim_2'), scale);
      return { type: 'trimmed', basis, trim1: t1, trim2: t2, senseAgreement: sense };
    }
    default:
      recordUnsupported(ctx, e, 'curve');
      return { type: 'other', entityType: e.type };
  }
}

/** Factor from a STEP trimming parameter to the model's parameter on `basis`. */
function trimScale(ctx: BuildContext, basisEntity: StepEntity, basis: Curve): number {
  if (basis.type === 'circle' || basis.type === 'ellipse') return ctx.angleToRad;
  if (basis.type === 'line' && basisEntity.type === 'LINE') {
    const v = vectorOf(ctx, refArg(basisEntity, basisEntity.args, 2, 'dir'), basisEntity.id);
    return v.magnitude * ctx.lengthToMm;
  }
  return 1;
}

function trimSelect(ctx: BuildContext, e: StepEntity, list: readonly StepValue[], scale: number): number | Vec3 | null {
  // Prefer the parameter value (what OCCT uses when both are given); fall back to the point.
  let point: Vec3 | null = null;
  for (const v of list) {
    const u = untype(v);
    if (typeof u === 'number') return u * scale;
    if (u && typeof u === 'object' && !Array.isArray(u) && u.kind === 'ref') point = point3(ctx, u.id, e.id);
  }
  return point;
}

/**
 * The PCURVEs attached to an edge's curve (`SURFACE_CURVE`/`SEAM_CURVE`/`INTERSECTION_CURVE`
 * associated geometry). Plain curves have none.
 */
export function buildPCurves(ctx: BuildContext, curveId: number, from: number): PCurve[] {
  const e = need(ctx.file, curveId, from);
  let assoc: readonly StepValue[] | null = null;
  for (const w of CURVE_WRAPPERS) {
    const a = recordArgs(e, w);
    if (a) {
      assoc = listArg(e, a, e.parts ? 1 : 2, 'associated_geometry');
      break;
    }
  }
  if (!assoc) return [];
  // Factor from the STEP curve parameter to the model's 3-D parameter (lines: arc length in mm; conics:
  // radians), so that a pcurve evaluated at the edge's model parameter lands on the edge.
  let paramScale = 1;
  const c3 = need(ctx.file, refArg(e, e.parts ? requireArgs(e, e.parts.find((p) => CURVE_WRAPPERS.includes(p.type))!.type) : e.args, e.parts ? 0 : 1, 'curve_3d'), e.id);
  if (c3.type === 'LINE') paramScale = vectorOf(ctx, refArg(c3, c3.args, 2, 'dir'), c3.id).magnitude * ctx.lengthToMm;
  else if (c3.type === 'CIRCLE' || c3.type === 'ELLIPSE') paramScale = ctx.angleToRad;
  // A hyperbola's parameter has no unit; a parabola's pcurve, built as OpenCascade's (u = 2F·t), shares the 3-D u
  // wherever its focal length in the scaled (u, v) equals the 3-D one (on a plane, always).
  const out: PCurve[] = [];
  for (const v of assoc) {
    if (!v || typeof v !== 'object' || Array.isArray(v) || v.kind !== 'ref') continue;
    const pc = need(ctx.file, v.id, e.id);
    if (pc.type !== 'PCURVE') continue; // a surface given directly carries no 2-D curve
    const surfaceId = refArg(pc, pc.args, 1, 'basis_surface');
    const repId = refArg(pc, pc.args, 2, 'reference_to_curve');
    const rep = need(ctx.file, repId, pc.id);
    const items = refList(rep, requireArgs(rep, rep.parts ? 'REPRESENTATION' : rep.type), 1, 'items');
    if (items.length === 0) throw badEntity(rep, 'definitional representation without items');
    const surface = need(ctx.file, surfaceId, pc.id);
    out.push({ surfaceStepId: surfaceId, curve: buildCurve2d(ctx, items[0], rep.id, uvScale(ctx, surface), paramScale) });
  }
  return out;
}

/**
 * Scale of (u, v) parameter units to the model's (mm for lengths, rad for angles). On a cone STEP's v is
 * the height along the axis, OpenCascade's (and the model's) the slant distance: v / cos(semi-angle).
 */
function uvScale(ctx: BuildContext, surface: StepEntity): Vec2 {
  const L = ctx.lengthToMm;
  const A = ctx.angleToRad;
  switch (surface.type) {
    case 'PLANE':
      return [L, L];
    case 'CYLINDRICAL_SURFACE':
      return [A, L];
    case 'CONICAL_SURFACE': {
      const alpha = numArg(surface, surface.args, 3, 'semi_angle') * A;
      return [A, L / Math.cos(alpha)];
    }
    case 'SPHERICAL_SURFACE':
    case 'TOROIDAL_SURFACE':
    case 'DEGENERATE_TOROIDAL_SURFACE':
      return [A, A];
    default:
      return [1, 1];
  }
}

/**
 * Converts a 2-D curve (PCURVE geometry), scaling u and v by `scale`. A line's parameter is divided by
 * `paramScale` (see buildPCurves), so `origin + t·direction` is the point at model parameter t.
 */
export function buildCurve2d(ctx: BuildContext, id: number, from: number, scale: Vec2 = [1, 1], paramScale = 1): Curve2d {
  return guarded(ctx, id, () => convertCurve2d(ctx, need(ctx.file, id, from), scale, paramScale));
}

function convertCurve2d(ctx: BuildContext, e: StepEntity, [su, sv]: Vec2, paramScale: number): Curve2d {
  const pt = (pid: number): Vec2 => {
    const p = point2(ctx, pid, e.id);
    return [p[0] * su, p[1] * sv];
  };
  if (isType(e, 'B_SPLINE_CURVE') || e.type === 'B_SPLINE_CURVE_WITH_KNOTS' || e.type === 'BEZIER_CURVE' || e.type === 'QUASI_UNIFORM_CURVE' || e.type === 'UNIFORM_CURVE') {
    const raw = rawBSplineCurve(e);
    return { type: 'bspline', degree: raw.degree, controlPoints: raw.pointIds.map(pt), weights: raw.weights, knots: raw.knots, multiplicities: raw.multiplicities };
  }
  switch (e.type) {
    case 'LINE': {
      const origin = pt(refArg(e, e.args, 1, 'pnt'));
      const v = vectorOf(ctx, refArg(e, e.args, 2, 'dir'), e.id);
      const k = v.magnitude / paramScale;
      return { type: 'line', origin, direction: [v.dir[0] * su * k, (v.dir[1] ?? 0) * sv * k] };
    }
    case 'CIRCLE':
    case 'ELLIPSE': {
      const f = frame2(ctx, refArg(e, e.args, 1, 'position'), e.id);
      const origin: Vec2 = [f.origin[0] * su, f.origin[1] * sv];
      const k = Math.sqrt(Math.abs(su * sv)) || 1;
      if (e.type === 'CIRCLE') return { type: 'circle', origin, xAxis: f.xAxis, radius: numArg(e, e.args, 2, 'radius') * k };
      return { type: 'ellipse', origin, xAxis: f.xAxis, semiAxis1: numArg(e, e.args, 2, 'semi_axis_1') * k, semiAxis2: numArg(e, e.args, 3, 'semi_axis_2') * k };
    }
    case 'HYPERBOLA':
    case 'PARABOLA': {
      const f = frame2(ctx, refArg(e, e.args, 1, 'position'), e.id);
      const origin: Vec2 = [f.origin[0] * su, f.origin[1] * sv];
      const k = Math.sqrt(Math.abs(su * sv)) || 1;
      if (e.type === 'PARABOLA') {
        const focalLength = numArg(e, e.args, 2, 'focal_dist') * k;
        if (!(focalLength > 0)) throw badEntity(e, `parabola focal distance must be positive, got ${focalLength}`);
        return { type: 'parabola', origin, xAxis: f.xAxis, focalLength };
      }
      const semiAxis = numArg(e, e.args, 2, 'semi_axis') * k;
      const semiImagAxis = numArg(e, e.args, 3, 'semi_imag_axis') * k;
      if (!(semiAxis > 0) || !(semiImagAxis > 0)) throw badEntity(e, 'hyperbola semi-axes must be positive');
      return { type: 'hyperbola', origin, xAxis: f.xAxis, semiAxis, semiImagAxis };
    }
    case 'POLYLINE':
      return { type: 'polyline', points: refList(e, e.args, 1, 'points').map(pt) };
    case 'TRIMMED_CURVE':
      return buildCurve2d(ctx, refArg(e, e.args, 1, 'basis_curve'), e.id, [su, sv], paramScale);
    default:
      recordUnsupported(ctx, e, 'pcurve');
      return { type: 'other', entityType: e.type };
  }
}
