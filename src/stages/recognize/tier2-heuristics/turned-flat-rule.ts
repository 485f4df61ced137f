/**
 * Flats milled on a turned bar: a planar floor along the bar's axis, cut into the bar's stock cylinder, with end walls
 * square to the axis. The bar's stock is a cylinder, so the depression meets no planar stock side and the slot and
 * step rules (which read open sides off planar stock normals) never see it open: it fell to the enclosed-pocket
 * guess. By its shape it is open on both sides across the bar and towards the floor's normal: between two end walls
 * a `rectangular_through_slot`, with one end wall (the flat runs off the bar's end) a `rectangular_through_step`
 * (docs/labelling.md, D02). The small fillets between floor and end walls are the cutter's corner radius, faces of
 * the flat ("Where a feature ends": r0.1 fillets at the ends of a flat).
 * @internal
 */
import type { Depression, RuleContext } from './rule-context.js';
import { PARALLEL_COS } from './rule-context.js';
import { CLASS, type RuleMatch } from './rule-match.js';
import { otherFace, type GraphFace } from './feature-graph.js';
import { boxParameters } from './measure-parameters.js';
import { dot3 } from '../../../geometry/vec3.js';

/** |cos| under which a plane's normal counts as square to the bar's axis (≈ 1.7°, as `allPerpendicularTo`). */
const SQUARE_COS = 0.03;

/** The convex stock cylinder every face of `faces` meets along a convex arc, or null. */
function barOf(ctx: RuleContext, faces: readonly number[]): GraphFace | null {
  const { graph } = ctx;
  let common: number[] | null = null;
  for (const f of faces) {
    const mine = new Set<number>();
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      const o = graph.faces[otherFace(arc, f)];
      if (arc.convexity === 'convex' && ctx.isStock[o.index] && o.kind === 'cylinder' && !o.inward && o.axis) mine.add(o.index);
    }
    common = common === null ? [...mine] : common.filter((c) => mine.has(c));
    if (common.length === 0) return null;
  }
  return common && common.length > 0 ? graph.faces[common[0]] : null;
}

/**
 * The cutter's fillets of a flat: round blends (concave cylinders) whose smooth neighbours all lie in the flat and
 * that meet nothing else but the bar.
 */
function cutterFillets(ctx: RuleContext, faces: ReadonlySet<number>, bar: GraphFace): number[] {
  const { graph } = ctx;
  const out = new Set<number>();
  for (const f of faces)
    for (const ai of graph.neighbours[f]) {
      const o = otherFace(graph.arcs[ai], f);
      const g = graph.faces[o];
      if (out.has(o) || ctx.blend[o] !== 'round' || g.kind !== 'cylinder' || !g.inward) continue;
      const ok = graph.neighbours[o].every((bi) => {
        const b = graph.arcs[bi];
        const n = otherFace(b, o);
        return faces.has(n) ? b.convexity === 'smooth' : n === bar.index && b.convexity === 'convex';
      });
      if (ok) out.add(o);
    }
  return [...out];
}

/**
 * A flat on a turned bar ({@link barOf}): all faces planar, one floor square to the bar's axis and nearer the axis
 * than the bar's radius, every other face an end wall square to it (normal along the axis). Two end walls facing
 * each other: through slot; one: through step (the flat runs off the bar's end). The floor is the bottom.
 */
export function turnedFlatRule(ctx: RuleContext, dep: Depression): RuleMatch | null {
  const { graph } = ctx;
  const faces = dep.faces.map((f) => graph.faces[f]);
  if (faces.some((f) => f.kind !== 'plane' || !f.normal)) return null;
  const bar = barOf(ctx, dep.faces);
  if (!bar || bar.radius === null) return null;
  const axis = bar.axis!;
  const floors = faces.filter((f) => Math.abs(dot3(f.normal!, axis)) < SQUARE_COS);
  const ends = faces.filter((f) => Math.abs(dot3(f.normal!, axis)) > PARALLEL_COS);
  if (floors.length !== 1 || floors.length + ends.length !== faces.length || ends.length === 0 || ends.length > 2) return null;
  const floor = floors[0];
  // the floor's distance from the bar's axis: a cut into the bar, not a face standing beyond it
  const d = dot3(floor.normal!, [floor.origin[0] - bar.origin[0], floor.origin[1] - bar.origin[1], floor.origin[2] - bar.origin[2]]);
  if (!(d > 0 && d < bar.radius - ctx.tolMm)) return null;
  if (ends.length === 2 && dot3(ends[0].normal!, ends[1].normal!) > -PARALLEL_COS) return null;
  const all = [...dep.faces, ...cutterFillets(ctx, new Set(dep.faces), bar)].sort((a, b) => a - b);
  const top = ctx.dirOf(floor.normal);
  return {
    classId: ends.length === 2 ? CLASS.rectangularThroughSlot : CLASS.rectangularThroughStep,
    faces: all,
    bottomFaces: [floor.index],
    confidence: 0.75,
    parameters: top >= 0 ? boxParameters(ctx, all, top) : {},
    rule: 'turned-flat',
  };
}
