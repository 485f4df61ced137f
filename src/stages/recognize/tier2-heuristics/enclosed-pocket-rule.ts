/**
 * The last rule, for a depression that meets no stock face it could open to (a pocket cut into a slanted
 * step, an O-ring groove's floor or a V-slot's wall — its rim is on another feature's faces): when all its
 * faces are built around one principal direction `d` — planar faces facing `d` (the floor) or
 * perpendicular to it (the walls), curved faces with their axis along `d` — it is a pocket entered along
 * `d`, named by its wall outline like {@link pocketRule}'s. Tried only after the other rules and the
 * reopened depression failed.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { describeDepression, wallOutline } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import { dot3 } from '../../../geometry/vec3.js';
import { otherFace } from './feature-graph.js';
import { tangentNeighbours } from './blend-faces.js';
import type { RuleContext } from './rule-context.js';

export const enclosedPocketRule: FeatureRule = (ctx, dep) => {
  const faces = dep.faces.map((i) => ctx.graph.faces[i]);
  const fitting: number[] = [];
  for (let d = 0; d < 6; d++) {
    const v = ctx.dirVector(d);
    const floors = faces.filter((f) => f.normal && ctx.dirOf(f.normal) === d);
    if (floors.length === 0) continue;
    const fits = faces.every((f) => {
      if (f.normal) return ctx.dirOf(f.normal) === d || Math.abs(dot3(f.normal, v)) < 0.03;
      return f.kind === 'cylinder' && f.axis !== null && Math.abs(dot3(f.axis, v)) > 0.9995;
    });
    if (fits) fitting.push(d);
  }
  // Two candidate directions (a wall whose opposite wall another cut took looks like a floor too): the floor is the
  // one whose edges to the walls are all alike — all sharp (a flat end mill) or all filleted (a ball or bull-nose
  // cutter). A wall taken for the floor meets the true floor sharply and the other walls through the corner radii.
  const uniform = fitting.length > 1 ? fitting.filter((d) => floorEdgesAlike(ctx, dep.faces, d)) : fitting;
  if (uniform.length !== 1) return null; // none, or two candidate directions: not one pocket
  const access = uniform[0];
  const s = describeDepression(ctx, { faces: dep.faces, stockDirs: new Set([access]) });
  let classId: number;
  if (s.curved.length > 0) classId = CLASS.circularEndPocket;
  else {
    const outline = wallOutline(ctx, s, ctx.dirVector(access));
    classId = outline === 'triangular' ? CLASS.triangularPocket : outline === 'rectangular' ? CLASS.rectangularPocket : CLASS.sixSidesPocket;
  }
  const bottoms = s.bottoms.filter((f) => s.dir.get(f) === access);
  return { classId, faces: dep.faces, bottomFaces: bottoms, confidence: 0.5, parameters: { ...boxParameters(ctx, dep.faces, access), wallCount: s.wallNormalCount }, rule: 'enclosed-pocket' };
};

/**
 * True when the floor faces of `faces` that face direction `d` meet the other faces of the group either all along
 * sharp concave edges or all through fillets (a concave round blend tangent to the floor and to the wall), not
 * some one way and some the other. A cutter leaves one kind of floor edge all round its pocket.
 */
function floorEdgesAlike(ctx: RuleContext, faces: readonly number[], d: number): boolean {
  const { graph } = ctx;
  const inside = new Set(faces);
  let sharp = 0, filleted = 0;
  for (const f of faces) {
    if (ctx.dirOf(graph.faces[f].normal) !== d) continue;
    for (const ai of graph.neighbours[f]) {
      const arc = graph.arcs[ai];
      const o = otherFace(arc, f);
      if (inside.has(o)) {
        if (arc.convexity === 'concave' && ctx.dirOf(graph.faces[o].normal) !== d) sharp++;
      } else if (arc.convexity === 'smooth' && ctx.blend[o] === 'round' && graph.faces[o].inward) {
        if (tangentNeighbours(graph, graph.faces[o]).some((w) => w.index !== f && inside.has(w.index))) filleted++;
      }
    }
  }
  return sharp === 0 || filleted === 0;
}
