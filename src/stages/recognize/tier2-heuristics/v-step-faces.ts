/**
 * The two faces of a two-sided (V) through step as skin. A slanted step's face lies on the part's hull, so
 * `skinSideDirs` reads it as the stock side it replaced; the two faces of a V-shaped step meet each other concavely, so
 * neither is on the hull, though together they bound the part as one side did: every point of the part lies under one
 * plane or the other. A cut that runs out through one of them opens to the outside there as through a slanted face.
 * @internal
 */
import { dot3 } from '../../../geometry/vec3.js';
import { otherFace, type GraphFace } from './feature-graph.js';
import { STOCK_TOLERANCE } from './stock-faces.js';
import { PARALLEL_COS, type RuleContext } from './rule-context.js';

/** A tilted face leans towards a stock side by at least this cosine (as `SKIN_SIDE_MIN_COS`). */
const SIDE_MIN_COS = 0.05;

const cache = new WeakMap<RuleContext, number[][]>();

/**
 * Per face, for each face of a V-shaped through step (see the file comment), the direction ids of the stock sides it
 * leans towards; empty for every other face. A V pair is two tilted planes (neither stock nor a blend) meeting along a
 * concave arc, both square to one principal axis (the step's sweep), meeting stock faces of opposite sides across that
 * axis (the step runs from one side of the part to the other: a triangular slot's walls meet the one face they enter
 * from), with every boundary point of the part under one of the two planes.
 */
export function vStepSideDirs(ctx: RuleContext): number[][] {
  let out = cache.get(ctx);
  if (!out) {
    out = findVStepSideDirs(ctx);
    cache.set(ctx, out);
  }
  return out;
}

function findVStepSideDirs(ctx: RuleContext): number[][] {
  const { graph } = ctx;
  const out: number[][] = graph.faces.map(() => []);
  const tol = STOCK_TOLERANCE * (graph.diagonalMm || 1);
  for (const arc of graph.arcs) {
    if (arc.convexity !== 'concave') continue;
    const f = graph.faces[arc.a], g = graph.faces[arc.b];
    if (!tilted(ctx, f) || !tilted(ctx, g)) continue;
    const sweep = [0, 1, 2].find((k) => Math.abs(dot3(f.normal!, ctx.axes[k])) < 1 - PARALLEL_COS && Math.abs(dot3(g.normal!, ctx.axes[k])) < 1 - PARALLEL_COS);
    if (sweep === undefined) continue;
    const fSides = stockSides(ctx, f.index, sweep), gSides = stockSides(ctx, g.index, sweep);
    if (![...fSides].some((d) => gSides.has(d ^ 1))) continue;
    if (!partUnderEither(graph.points, f, g, tol)) continue;
    for (const h of [f, g]) out[h.index] = sideDirs(ctx, h);
  }
  return out;
}

/** A planar face that is no stock and no blend, along no principal axis. */
function tilted(ctx: RuleContext, f: GraphFace): boolean {
  return f.kind === 'plane' && !!f.normal && !ctx.isStock[f.index] && !ctx.blend[f.index] && ctx.dirOf(f.normal) < 0;
}

/** Direction ids, off axis `sweep`, of the stock faces `face` meets along convex arcs. */
function stockSides(ctx: RuleContext, face: number, sweep: number): Set<number> {
  const out = new Set<number>();
  for (const ai of ctx.graph.neighbours[face]) {
    const arc = ctx.graph.arcs[ai];
    const o = otherFace(arc, face);
    if (arc.convexity !== 'convex' || !ctx.isStock[o]) continue;
    const d = ctx.dirOf(ctx.graph.faces[o].normal);
    if (d >= 0 && d >> 1 !== sweep) out.add(d);
  }
  return out;
}

/** The stock sides a face's normal leans towards (its components along the axes, as `skinSideDirs`). */
function sideDirs(ctx: RuleContext, f: GraphFace): number[] {
  const dirs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c = dot3(f.normal!, ctx.axes[k]);
    if (Math.abs(c) >= SIDE_MIN_COS && Math.abs(c) <= PARALLEL_COS) dirs.push(2 * k + (c < 0 ? 1 : 0));
  }
  return dirs.length >= 2 ? dirs : [];
}

/** True when every point lies under (on the material side of) the plane of `f` or of `g`. */
function partUnderEither(p: Float64Array, f: GraphFace, g: GraphFace, tol: number): boolean {
  const fd = dot3(f.origin, f.normal!), gd = dot3(g.origin, g.normal!);
  const [fx, fy, fz] = f.normal!, [gx, gy, gz] = g.normal!;
  for (let i = 0; i < p.length; i += 3) {
    if (p[i] * fx + p[i + 1] * fy + p[i + 2] * fz - fd <= tol) continue;
    if (p[i] * gx + p[i + 1] * gy + p[i + 2] * gz - gd > tol) return false;
  }
  return true;
}
