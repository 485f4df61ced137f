/**
 * Through steps: open to both ends of one axis and to two more (adjacent) sides: the top and the side
 * the step opens to; every face parallel to the through axis. Two axis-aligned faces → rectangular;
 * a slanted face with one other face → slanted; three or more faces with slanted ones → two-sided. Slanted faces
 * open to one side only, one of them facing away from it → two-sided (a later cut took the other side); one slanted
 * plane open to one side only → slanted (it runs into another cut at the other). Pieces of one plane count as one face;
 * one plane that meets another tilted plane concavely elsewhere in the part is a two-sided step's roof in pieces.
 * A floor and one square wall open to the floor's side only → rectangular (a later cut took the side it opened to; a
 * through slot has two walls facing each other, session 14). A floor and one square wall open at one end of the axis
 * they run along and to both their own sides, the other end running into another cut → rectangular (session 15: a
 * rectangular blind step needs an end wall; generated dev parts whose corner step ends in a slanted step read blind).
 * Parameters: depth (along the top direction), length (through), width.
 * @internal
 */
import type { FeatureRule, RuleMatch } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { allPerpendicularTo, describeDepression, faceAxes, hasOpposedWalls } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import { facesAwayFromTop } from './through-slot-rule.js';
import { dot3 } from '../../../geometry/vec3.js';
import { onSameSurface, planeCount } from './merge-fragments.js';
import type { RuleContext } from './rule-context.js';
import type { GraphFace } from './feature-graph.js';
import { foldsConcavely, hasFoldPartner } from './roof-valley.js';

/**
 * One slanted plane reads as a slanted step unless, somewhere in the part, that plane meets another tilted plane
 * along a concave edge: then it is one roof of a two-sided step, and the faces are pieces of it a later cut parted.
 * So too when the two halves meet along an edge the graph calls smooth but fold concavely (a shallow roof), and when
 * another tilted plane swept along the same axis forms a valley with it (each in front of the other's plane) with no
 * edge left between them: a later cut took the roof's ridge (session 25; box seed 126 parts 23 and 35). A slanted
 * step's face has no such partner: two slanted steps on a block's corners fold convexly, each behind the other's plane.
 */
function slantedStepPlane(ctx: RuleContext, faces: readonly number[]): boolean {
  if (planeCount(ctx, faces) !== 1) return false;
  const { faces: all, neighbours, arcs } = ctx.graph;
  const tilted = (i: number) => all[i].kind === 'plane' && !!all[i].normal && ctx.axes.every((a) => Math.abs(dot3(a, all[i].normal!)) < 0.9995);
  const ref = all[faces[0]];
  // the other half of the roof, parted from this one by a later cut that took the ridge (no edge left between them)
  if (tilted(ref.index) && hasFoldPartner(all, ref, (f) => tilted(f.index) && !onSameSurface(ref, f, ctx.tolMm) && sweptAlongOneAxis(ctx, ref, f))) return false;
  return !all.some((f) => onSameSurface(ref, f, ctx.tolMm) && neighbours[f.index].some((k) => {
    const other = arcs[k].a === f.index ? arcs[k].b : arcs[k].a;
    if (!tilted(other) || onSameSurface(ref, all[other], ctx.tolMm)) return false;
    return arcs[k].convexity === 'concave' || (arcs[k].convexity === 'smooth' && foldsConcavely(f, all[other]));
  }));
}

/** Both planes' normals lie square to one principal axis (the step's sweep). */
function sweptAlongOneAxis(ctx: RuleContext, a: GraphFace, b: GraphFace): boolean {
  return ctx.axes.some((x) => Math.abs(dot3(x, a.normal!)) < 0.03 && Math.abs(dot3(x, b.normal!)) < 0.03);
}

export const throughStepRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length === 2 && s.openDirs.length === 0 && s.curved.length === 0 && s.slanted.length === dep.faces.length) {
    // a profile across a whole side: open at both ends of the sweep axis and on both sides across it
    const sweep = s.throughAxes.find((k) => allPerpendicularTo(ctx, dep.faces, k));
    if (sweep === undefined) return null;
    const classId = slantedStepPlane(ctx, dep.faces) ? CLASS.slantedThroughStep : CLASS.twoSidesThroughStep;
    const across = s.throughAxes.find((k) => k !== sweep)!;
    const top = [0, 1, 2].find((k) => k !== sweep && k !== across)!;
    // the access side: the one the slanted faces face
    const n = ctx.graph.faces[dep.faces[0]].normal!;
    const d = 2 * top + (n[0] * ctx.axes[top][0] + n[1] * ctx.axes[top][1] + n[2] * ctx.axes[top][2] > 0 ? 0 : 1);
    return { classId, faces: dep.faces, bottomFaces: [], confidence: 0.75, parameters: boxParameters(ctx, dep.faces, d), rule: 'through-step' };
  }
  if (s.throughAxes.length === 1 && s.openDirs.length === 1 && s.curved.length === 0 && s.slanted.length === dep.faces.length) {
    // a two-sided step whose profile reaches only one side across (a later cut took the other): all faces slanted,
    // one facing away from the open side (a V slot's walls both face it; through-slot-rule.ts leaves it here); or one
    // slanted plane (in one or more pieces) that runs from that side into another cut: a slanted step's face, as a V
    // slot needs two walls meeting in its root (session 13)
    const sweep = s.throughAxes[0];
    const planes = planeCount(ctx, dep.faces);
    if (!allPerpendicularTo(ctx, dep.faces, sweep) || (planes > 1 && !facesAwayFromTop(ctx, dep.faces, s.openDirs[0]))) return null;
    const across = s.openDirs[0] >> 1;
    const top = [0, 1, 2].find((k) => k !== sweep && k !== across)!;
    // the access side: the one the roof faces face (their normals' mean along the top axis)
    let up = 0;
    for (const f of dep.faces) up += dot3(ctx.graph.faces[f].normal!, ctx.axes[top]) * ctx.graph.faces[f].area;
    const classId = planes === 1 && slantedStepPlane(ctx, dep.faces) ? CLASS.slantedThroughStep : CLASS.twoSidesThroughStep;
    return { classId, faces: dep.faces, bottomFaces: [], confidence: 0.75, parameters: boxParameters(ctx, dep.faces, 2 * top + (up > 0 ? 0 : 1)), rule: 'through-step' };
  }
  if (s.throughAxes.length === 1 && s.openDirs.length === 1 && s.curved.length === 0 && s.slanted.length === 0 && s.bottoms.length > 0) {
    // a floor and one wall square to it, open along the axis and to the floor's side only: a rectangular step whose
    // side another cut took (a through slot has two walls facing each other; through-slot-rule.ts leaves this here).
    // Its own rule name, joinable: a through slot a crossing cut parted along its floor leaves one wall on each piece.
    const axis = s.throughAxes[0];
    if (hasOpposedWalls(s) || faceAxes(s).size !== 2 || !allPerpendicularTo(ctx, dep.faces, axis)) return null;
    const top = s.openDirs[0];
    return { classId: CLASS.rectangularThroughStep, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'through-step (one wall)' };
  }
  const runOut = runOutStep(ctx, s, dep.faces);
  if (runOut) return runOut;
  if (s.throughAxes.length !== 1 || s.openDirs.length !== 2 || s.curved.length > 0) return null;
  const axis = s.throughAxes[0];
  const straight = dep.faces.filter((f) => s.dir.get(f)! >= 0);
  if (!allPerpendicularTo(ctx, straight, axis)) return null;
  let classId: number;
  if (s.slanted.length === 0) classId = CLASS.rectangularThroughStep;
  // one slanted plane alone that meets another tilted plane elsewhere is a two-sided roof's piece, as above (session 14)
  else if (planeCount(ctx, s.slanted) === 1 && planeCount(ctx, dep.faces) <= 2 && (straight.length > 0 || slantedStepPlane(ctx, dep.faces))) classId = CLASS.slantedThroughStep;
  else classId = CLASS.twoSidesThroughStep;
  // the top is the open side the largest bottom faces
  const top = s.bottoms.length ? s.dir.get(s.bottoms[0])! : s.openDirs[0];
  return { classId, faces: dep.faces, bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, dep.faces, top), rule: 'through-step' };
};

/**
 * A floor and one wall square to it (two plane directions, no pair facing each other), open at one end of the axis both
 * run along and to the two sides they face: a rectangular through step whose other end another cut took (a slanted step
 * across the part's end). A blind step has an end wall; without one, the step ran through before that cut.
 */
function runOutStep(ctx: RuleContext, s: ReturnType<typeof describeDepression>, faces: readonly number[]): RuleMatch | null {
  if (s.throughAxes.length !== 0 || s.openDirs.length !== 3 || s.curved.length > 0 || s.slanted.length > 0 || s.bottoms.length === 0) return null;
  const axes = faceAxes(s);
  if (axes.size !== 2 || hasOpposedWalls(s)) return null;
  const run = [0, 1, 2].find((k) => !axes.has(k))!;
  const sides = s.openDirs.filter((d) => d >> 1 !== run);
  if (sides.length !== 2 || !allPerpendicularTo(ctx, faces, run)) return null;
  // the open sides are the ones the floor and the wall face (material was removed above each)
  const faced = new Set(faces.map((f) => s.dir.get(f)!));
  if (!sides.every((d) => faced.has(d))) return null;
  const area = (d: number) => s.bottoms.filter((f) => s.dir.get(f) === d).reduce((a, f) => a + ctx.graph.faces[f].area, 0);
  const top = area(sides[0]) >= area(sides[1]) ? sides[0] : sides[1];
  return { classId: CLASS.rectangularThroughStep, faces: [...faces], bottomFaces: s.bottoms.filter((f) => s.dir.get(f) === top), confidence: 0.75, parameters: boxParameters(ctx, faces, top), rule: 'through-step (run-out)' };
}
