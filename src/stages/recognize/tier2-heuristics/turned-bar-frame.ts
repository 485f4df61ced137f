/**
 * Cuts into a turned bar's cylindrical skin (keyways, flats) read in the bar's own radial frame.
 *
 * On a turned part the stock is a convex cylinder (the bar's largest diameter, `stock-faces.ts`) and its two end faces.
 * The stock frame's axes come from the stock planes, so one axis is the bar's and the other two are an arbitrary pair
 * round it: a keyway or flat milled at some angle round the bar has its floor and side walls slanted in that frame, and
 * the bar's skin, being no plane, opens no side. A keyway read as a pocket closed everywhere but at the bar end, its end
 * wall the bottom; a flat running out at the bar end too (session 17, turned401). Opening the cut through the bar's skin
 * the way the skin faces was not enough (session 17): the cut's walls stay slanted in the frame and the split-step
 * rules took them.
 *
 * Here such a cut is read in a frame turned round the bar's axis to the cut's floor: axes the bar's axis (same sign as
 * the stock frame's axis along it, so the end faces keep their direction ids), the floor's outward normal (the radial
 * direction the cut was made in) and their cross product. The cut opens:
 * - to the sides its stock-frame open sides map to (the bar's ends; sides a reopened depression added);
 * - radially outwards (the floor's normal) where any of its faces meets the bar's skin along a convex arc;
 * - sideways (across the floor) where a plane along the axis reaches the bar's skin at that side: a flat's floor cuts
 *   the bar across its whole chord, so the flat is through (a step), where a keyway's floor stays inside the bar;
 * - along the axis through a shoulder (a plane square to the axis, outside the cut, met along a convex arc): a keyway
 *   or flat running out over a reduced diameter.
 * @internal
 */
import type { Vec3 } from '../../../model/index.js';
import { cross3, dot3, vec3, projectedRange } from '../../../geometry/vec3.js';
import { otherFace, type GraphFace } from './feature-graph.js';
import { frameDirections, PARALLEL_COS, type Depression, type RuleContext } from './rule-context.js';

/** |cos| under which a plane's normal counts as square to the bar's axis (≈ 1.7°, as the turned-flat rule). */
const SQUARE_COS = 0.03;

/** The floor's normal is within this angle (cos ≈ 45°) of the direction from the axis to the cut's centroid. */
const FLOOR_DIRECTION_MIN_COS = Math.SQRT1_2;

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const unit = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** The turned bar a depression is cut into: a convex stock cylinder one of its faces meets along a convex arc. */
function barOf(ctx: RuleContext, faces: readonly number[]): GraphFace | null {
  const { graph } = ctx;
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      const o = graph.faces[otherFace(arc, f)];
      if (arc.convexity === 'convex' && ctx.isStock[o.index] && o.kind === 'cylinder' && !o.inward && o.axis && o.radius !== null) return o;
    }
  return null;
}

/** A surface of revolution about the bar's axis (a turned section, groove or bore): not a milled cut. */
function turnedAbout(f: GraphFace, bar: GraphFace, tolMm: number): boolean {
  if (!f.axis || f.kind === 'sphere' || Math.abs(dot3(f.axis, bar.axis!)) < PARALLEL_COS) return false;
  const d = sub(f.origin, bar.origin);
  const along = dot3(d, bar.axis!);
  return Math.hypot(d[0] - along * bar.axis![0], d[1] - along * bar.axis![1], d[2] - along * bar.axis![2]) < Math.max(tolMm, 1e-3 * bar.radius!);
}

/** The signed distance from the bar's axis to a point, along unit direction `n` square to the axis. */
const radialOffset = (bar: GraphFace, p: Vec3, n: Vec3): number => dot3(n, sub(p, bar.origin));

/**
 * The cut's floor: the largest plane along the bar's axis whose outward normal points away from the axis (a floor, not
 * a side wall facing the cut's middle), within 45° of the direction from the axis to the cut's centroid.
 */
function floorOf(ctx: RuleContext, faces: readonly GraphFace[], bar: GraphFace): GraphFace | null {
  const axis = bar.axis!;
  let area = 0;
  const c: Vec3 = [0, 0, 0];
  for (const f of faces) {
    area += f.area;
    for (let k = 0; k < 3; k++) c[k] += f.area * f.centroid[k];
  }
  if (!(area > 0)) return null;
  const r = sub([c[0] / area, c[1] / area, c[2] / area], bar.origin);
  const along = dot3(r, axis);
  const radial: Vec3 = [r[0] - along * axis[0], r[1] - along * axis[1], r[2] - along * axis[2]];
  const rl = Math.hypot(radial[0], radial[1], radial[2]);
  if (rl < ctx.tolMm) return null;
  let best: GraphFace | null = null;
  for (const f of faces) {
    if (f.kind !== 'plane' || !f.normal || Math.abs(dot3(f.normal, axis)) > SQUARE_COS) continue;
    if (!(radialOffset(bar, f.centroid, f.normal) > ctx.tolMm)) continue;
    if (dot3(f.normal, radial) / rl < FLOOR_DIRECTION_MIN_COS) continue;
    if (!best || f.area > best.area) best = f;
  }
  return best;
}

/** A context like `ctx` whose frame is `axes`: the same stock, blends and graph, direction ids in the new frame. */
export function contextInFrame(ctx: RuleContext, axes: [Vec3, Vec3, Vec3]): RuleContext {
  const { dirOf, dirVector } = frameDirections(axes);
  const remap = (ids: Iterable<number>): number[] => [...ids].map((id) => dirOf(ctx.dirVector(id))).filter((d) => d >= 0);
  return { ...ctx, axes, dirOf, dirVector, skinDirs: ctx.skinDirs.map((ids) => (ids.length > 0 ? remap(ids) : ids)) };
}

/** The cut `dep` read in its bar's radial frame: the context and the depression with its open sides there. */
export interface BarFrameReading {
  ctx: RuleContext;
  dep: Depression;
}

/**
 * The depression `dep` in the radial frame of the turned bar it is cut into (see the file comment), or null when it
 * meets no bar's skin, holds a surface turned about the bar's axis (a turned section, groove or bore), or has no floor
 * along the axis (a cross hole, a cut no plane of which faces out of the bar).
 */
export function inBarFrame(ctx: RuleContext, dep: Depression): BarFrameReading | null {
  const { graph } = ctx;
  const bar = barOf(ctx, dep.faces);
  if (!bar) return null;
  const faces = dep.faces.map((f) => graph.faces[f]);
  if (faces.some((f) => turnedAbout(f, bar, ctx.tolMm))) return null;
  const floor = floorOf(ctx, faces, bar);
  if (!floor) return null;
  // keep the stock frame's sign along the bar's axis: the end faces' direction ids stay the same
  const ref = ctx.axes.find((a) => Math.abs(dot3(a, bar.axis!)) > PARALLEL_COS);
  const axis: Vec3 = ref ? [...ref] : unit(bar.axis!);
  const c = dot3(floor.normal!, axis);
  const n = unit(sub(floor.normal!, [c * axis[0], c * axis[1], c * axis[2]]));
  const u = unit(cross3(vec3(), axis, n));
  const bctx = contextInFrame(ctx, [axis, n, u]);
  const open = new Set<number>();
  for (const id of dep.stockDirs) {
    const d = bctx.dirOf(ctx.dirVector(id));
    if (d >= 0) open.add(d);
  }
  const inside = new Set(dep.faces);
  const halfChord = (f: GraphFace) => Math.sqrt(Math.max(0, bar.radius! ** 2 - radialOffset(bar, f.origin, f.normal!) ** 2));
  for (const f of faces)
    for (const ai of graph.neighbours[f.index]) {
      const arc = graph.arcs[ai];
      if (arc.convexity !== 'convex') continue;
      const o = graph.faces[otherFace(arc, f.index)];
      if (o.index === bar.index) {
        open.add(bctx.dirOf(n));
        // a plane along the axis reaching the skin sideways: the cut runs out across the bar there
        if (f.kind !== 'plane' || !f.normal || Math.abs(dot3(f.normal, axis)) > SQUARE_COS || !f.boundary) continue;
        const t = unit(cross3(vec3(), axis, f.normal));
        const [lo, hi] = projectedRange(f.boundary, t);
        const at = dot3(t, bar.origin);
        const reach = halfChord(f) - Math.max(ctx.tolMm, 1e-3 * bar.radius!);
        const side = bctx.dirOf(t);
        if (side < 0) continue;
        if (hi - at >= reach) open.add(side);
        if (at - lo >= reach) open.add(side ^ 1);
      } else if (!inside.has(o.index) && !ctx.isStock[o.index] && o.kind === 'plane' && o.normal && Math.abs(dot3(o.normal, axis)) > PARALLEL_COS) {
        // a shoulder the cut runs out over
        open.add(bctx.dirOf(o.normal));
      }
    }
  open.delete(-1);
  return { ctx: bctx, dep: { faces: dep.faces, stockDirs: open } };
}
