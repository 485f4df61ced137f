/**
 * Blind slots: open to two adjacent stock sides (the top and one end), not through. Curved ends: a
 * half-cylinder (the far end of a slot cut across the edge) → v_circular_end, quarter-cylinders (the ends
 * of a slot along the edge) → h_circular_end. Parameters: depth, length, width.
 * @internal
 */
import type { FeatureRule } from './rule-match.js';
import { CLASS } from './rule-match.js';
import { allPerpendicularTo, describeDepression, faceAxes, hasOpposedWalls } from './depression-shape.js';
import { boxParameters } from './measure-parameters.js';
import { onSameSurface } from './merge-fragments.js';
import type { RuleContext } from './rule-context.js';
import { tangentNeighbours } from './blend-faces.js';
import type { GraphFace } from './feature-graph.js';
import type { Vec3 } from '../../../model/index.js';
import { dot3 } from '../../../geometry/vec3.js';
import { roundEndPieces } from './round-end-pieces.js';

/** The rule name of a blind slot whose round end a later cut shortened to slivers; it takes those blend faces. */
export const ROUND_END_SLOT_RULE = 'blind-slot (round end)';

/** A curved end turning more than this (rad) is not a quarter-cylinder: a half-round (v) end, maybe cut short. */
export const MIN_HALF_ROUND_SPAN_RAD = 0.6 * Math.PI;

/**
 * The angle each distinct cylinder of `faces` covers around its axis: the union of its pieces' angular ranges (each
 * piece spans its `spanRad` centred on the direction of its centroid from the axis). Pieces a crossing cut left side
 * by side around the axis add up; pieces within one arc (an arc cut through along the axis, or a short piece below a
 * full quarter a hole cut off: session 14) cover that arc once.
 */
function curvedSurfaceSpans(ctx: RuleContext, faces: readonly number[]): number[] {
  const groups: { ref: number; arcs: { dir: Vec3 | null; span: number }[] }[] = [];
  for (const fi of faces) {
    const f = ctx.graph.faces[fi];
    const arc = { dir: radialDirection(f), span: f.spanRad ?? 0 };
    const g = groups.find((x) => onSameSurface(ctx.graph.faces[x.ref], f, ctx.tolMm));
    if (g) g.arcs.push(arc);
    else groups.push({ ref: fi, arcs: [arc] });
  }
  return groups.map((g) => coveredAngle(ctx.graph.faces[g.ref].axis, g.arcs));
}

/** The length of the union of arcs round `axis` (an arc without a direction adds its span). */
function coveredAngle(axis: Vec3 | null, arcs: readonly { dir: Vec3 | null; span: number }[]): number {
  const placed = arcs.filter((a) => a.dir !== null);
  let total = arcs.filter((a) => a.dir === null).reduce((t, a) => t + a.span, 0);
  if (placed.length === 0 || !axis) return total + placed.reduce((t, a) => t + a.span, 0);
  // angles measured from the first arc's direction, round the axis
  const u = placed[0].dir!;
  const v: Vec3 = [axis[1] * u[2] - axis[2] * u[1], axis[2] * u[0] - axis[0] * u[2], axis[0] * u[1] - axis[1] * u[0]];
  const ranges = placed
    .map((a) => {
      const mid = Math.atan2(dot3(a.dir!, v), dot3(a.dir!, u));
      const half = Math.min(a.span, 2 * Math.PI) / 2;
      return [mid - half, mid + half] as [number, number];
    })
    .sort((a, b) => a[0] - b[0]);
  let [lo, hi] = ranges[0];
  for (const [a, b] of ranges.slice(1)) {
    if (a > hi) {
      total += hi - lo;
      [lo, hi] = [a, b];
    } else hi = Math.max(hi, b);
  }
  return Math.min(total + hi - lo, 2 * Math.PI);
}

/** The unit direction from a curved face's axis to its centroid, square to the axis (null when it has no axis). */
function radialDirection(f: GraphFace): Vec3 | null {
  if (!f.axis) return null;
  const d: Vec3 = [f.centroid[0] - f.origin[0], f.centroid[1] - f.origin[1], f.centroid[2] - f.origin[2]];
  const along = dot3(d, f.axis);
  const r: Vec3 = [d[0] - along * f.axis[0], d[1] - along * f.axis[1], d[2] - along * f.axis[2]];
  const l = Math.hypot(r[0], r[1], r[2]);
  return l > 1e-9 ? [r[0] / l, r[1] / l, r[2] / l] : null;
}

/**
 * True when curved face `f` meets a planar face of `faces` along a smooth arc. A slot's rounded end runs on into
 * the slot's wall tangentially; a quarter-round wall that meets no planar wall tangentially is the curved wall of a
 * circular blind step (a quarter disk cut at a corner), whichever stock side another feature took from it — unless
 * there are two such surfaces (the two quarter-round ends of a slot along an edge whose wall another cut took).
 */
function hasTangentPlane(ctx: RuleContext, f: number, faces: readonly number[]): boolean {
  return tangentNeighbours(ctx.graph, ctx.graph.faces[f]).some((o) => o.kind === 'plane' && faces.includes(o.index));
}

export const blindSlotRule: FeatureRule = (ctx, dep) => {
  const s = describeDepression(ctx, dep);
  if (s.throughAxes.length !== 0 || s.openDirs.length !== 2) return null;
  const curvedEnd = s.curved.length > 0;
  if (s.slanted.length > 0) return null;
  // A slot has two side walls facing each other; floor, one side wall and an end wall square to each other are a
  // blind step's corner whose third open side another cut took (blind-step-rule.ts reads it)
  if (!curvedEnd && !hasOpposedWalls(s) && faceAxes(s).size === 3) return null;
  // the top is the open direction with the larger bottom area
  const area = (d: number) => s.bottoms.filter((f) => s.dir.get(f) === d).reduce((a, f) => a + ctx.graph.faces[f].area, 0);
  const top = area(s.openDirs[0]) >= area(s.openDirs[1]) ? s.openDirs[0] : s.openDirs[1];
  // A slot cut across the edge ends in a half-cylinder (v); one along the edge in quarter-cylinders (h). A
  // crossing feature may cut the half-cylinder into pieces and take some of it: its pieces are added up, and
  // any one surface turning clearly more than a quarter is the half-round end.
  const spans = curvedSurfaceSpans(ctx, s.curved);
  const halfRound = spans.some((span) => span >= MIN_HALF_ROUND_SPAN_RAD);
  const classId = !curvedEnd
    ? CLASS.rectangularBlindSlot
    : halfRound
      ? CLASS.vCircularEndBlindSlot
      : spans.length > 1 || s.curved.some((f) => hasTangentPlane(ctx, f, dep.faces))
        ? CLASS.hCircularEndBlindSlot
        : CLASS.circularBlindStep;
  const bottomFaces = s.bottoms.filter((f) => s.dir.get(f) === top);
  const parameters = boxParameters(ctx, dep.faces, top);
  // Straight walls and no face across the open end's axis (no end wall): a through slot whose far end runs
  // out into another feature, not a blind one.
  const end = s.openDirs[0] === top ? s.openDirs[1] : s.openDirs[0];
  // (A floor and one side wall running out so are left a through slot: read as a through step, as many were right as
  // wrong on the seed-111 dev parts, session 14.)
  if (!curvedEnd && !dep.faces.some((f) => s.dir.get(f)! >= 0 && s.dir.get(f)! >> 1 === end >> 1)) {
    // unless what closes it is a round end a later cut shortened to fillet-like slivers (round-end-pieces.ts)
    const ends = roundEndPieces(ctx, dep.faces, s, ctx.dirVector(top));
    if (ends.length > 0) {
      const all = [...dep.faces, ...ends].sort((a, b) => a - b);
      return { classId: CLASS.vCircularEndBlindSlot, faces: all, bottomFaces, confidence: 0.75, parameters: boxParameters(ctx, all, top), rule: ROUND_END_SLOT_RULE };
    }
    return { classId: CLASS.rectangularThroughSlot, faces: dep.faces, bottomFaces, confidence: 0.75, parameters, rule: 'blind-slot (run-out)' };
  }
  // The same for a round groove (a half-round profile, no planar face): its cylinder runs along an open side
  // and nothing closes it along that axis (a slot end's cylinder stands along the depth, between walls).
  if (curvedEnd && halfRound && s.walls.length === 0 && s.bottoms.length === 0 && s.openDirs.some((d) => allPerpendicularTo(ctx, dep.faces, d >> 1)))
    return { classId: CLASS.circularThroughSlot, faces: dep.faces, bottomFaces: [], confidence: 0.75, parameters, rule: 'blind-slot (run-out)' };
  return { classId, faces: dep.faces, bottomFaces, confidence: 0.75, parameters, rule: 'blind-slot' };
};
