/**
 * Points, directions, vectors and axis placements (`CARTESIAN_POINT`, `DIRECTION`, `VECTOR`,
 * `AXIS1_PLACEMENT`, `AXIS2_PLACEMENT_3D`, `AXIS2_PLACEMENT_2D`) → mm-scaled model values and
 * OpenCascade-style frames.
 *
 * @internal
 */
import type { StepEntity } from '../formats/step/step-types.js';
import type { Frame, Vec2, Vec3 } from '../model/index.js';
import { createFrame } from '../geometry/frame.js';
import { badEntity, type BuildContext, numArg, numList, optRefArg, refArg, requireArgs, need } from './step-access.js';

function coords(e: StepEntity, type: string, index: number): number[] {
  const args = requireArgs(e, type);
  const c = numList(e, args, index, 'coordinates');
  if (c.length < 1 || c.length > 3) throw badEntity(e, `expected 1 to 3 coordinates, got ${c.length}`);
  return c;
}

/** A `CARTESIAN_POINT` in mm (2-D points get z = 0). */
export function point3(ctx: BuildContext, id: number, from: number): Vec3 {
  const e = need(ctx.file, id, from);
  const c = coords(e, 'CARTESIAN_POINT', 1);
  const s = ctx.lengthToMm;
  return [c[0] * s, (c[1] ?? 0) * s, (c[2] ?? 0) * s];
}

/** A 2-D `CARTESIAN_POINT`, unscaled (parameter space). */
export function point2(ctx: BuildContext, id: number, from: number): Vec2 {
  const e = need(ctx.file, id, from);
  const c = coords(e, 'CARTESIAN_POINT', 1);
  return [c[0], c[1] ?? 0];
}

/** A `DIRECTION` (not normalised; lengths are unitless). */
export function direction(ctx: BuildContext, id: number, from: number): number[] {
  const e = need(ctx.file, id, from);
  const c = coords(e, 'DIRECTION', 1);
  if (Math.hypot(...c) === 0) throw badEntity(e, 'direction ratios are all zero');
  return c;
}

export function direction3(ctx: BuildContext, id: number, from: number): Vec3 {
  const c = direction(ctx, id, from);
  return [c[0], c[1] ?? 0, c[2] ?? 0];
}

/** A `VECTOR`: unit orientation and magnitude (magnitude in file length units). */
export function vectorOf(ctx: BuildContext, id: number, from: number): { dir: number[]; magnitude: number } {
  const e = need(ctx.file, id, from);
  if (e.type === 'DIRECTION') {
    const d = direction(ctx, id, from);
    const l = Math.hypot(...d);
    return { dir: d.map((x) => x / l), magnitude: 1 };
  }
  const args = requireArgs(e, 'VECTOR');
  const d = direction(ctx, refArg(e, args, 1, 'orientation'), e.id);
  const l = Math.hypot(...d);
  const mag = numArg(e, args, 2, 'magnitude');
  return { dir: d.map((x) => x / l), magnitude: mag };
}

/** An `AXIS2_PLACEMENT_3D` → frame in mm, with OCCT's default-X rule. */
export function frame3(ctx: BuildContext, id: number, from: number): Frame {
  const e = need(ctx.file, id, from);
  if (e.type === 'AXIS2_PLACEMENT_2D') {
    const f = frame2(ctx, id, from);
    return createFrame([f.origin[0] * ctx.lengthToMm, f.origin[1] * ctx.lengthToMm, 0], [0, 0, 1], [f.xAxis[0], f.xAxis[1], 0]);
  }
  const args = requireArgs(e, 'AXIS2_PLACEMENT_3D');
  const origin = point3(ctx, refArg(e, args, 1, 'location'), e.id);
  const axisId = optRefArg(e, args, 2, 'axis');
  const refId = optRefArg(e, args, 3, 'ref_direction');
  const axis = axisId === null ? null : direction3(ctx, axisId, e.id);
  const ref = refId === null ? null : direction3(ctx, refId, e.id);
  return createFrame(origin, axis, ref);
}

/** An `AXIS2_PLACEMENT_2D` (unscaled, for pcurves): origin and unit x axis. */
export function frame2(ctx: BuildContext, id: number, from: number): { origin: Vec2; xAxis: Vec2 } {
  const e = need(ctx.file, id, from);
  const args = requireArgs(e, 'AXIS2_PLACEMENT_2D');
  const origin = point2(ctx, refArg(e, args, 1, 'location'), e.id);
  const refId = optRefArg(e, args, 2, 'ref_direction');
  let x: Vec2 = [1, 0];
  if (refId !== null) {
    const d = direction(ctx, refId, e.id);
    const l = Math.hypot(d[0], d[1] ?? 0);
    if (l > 0) x = [d[0] / l, (d[1] ?? 0) / l];
  }
  return { origin, xAxis: x };
}

/** An `AXIS1_PLACEMENT` → origin (mm) and unit axis (default +Z). */
export function axis1(ctx: BuildContext, id: number, from: number): { origin: Vec3; axis: Vec3 } {
  const e = need(ctx.file, id, from);
  const args = requireArgs(e, 'AXIS1_PLACEMENT');
  const origin = point3(ctx, refArg(e, args, 1, 'location'), e.id);
  const axisId = optRefArg(e, args, 2, 'axis');
  let axis: Vec3 = [0, 0, 1];
  if (axisId !== null) {
    const d = direction3(ctx, axisId, e.id);
    const l = Math.hypot(...d);
    axis = [d[0] / l, d[1] / l, d[2] / l];
  }
  return { origin, axis };
}
