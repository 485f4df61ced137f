/**
 * Slivers of a hole that later cuts parted from it: a pocket match made only of pieces of a hole's cylinder and
 * planes square to its axis is what is left of that hole, not a round-ended pocket (docs/labelling.md, "Where a
 * feature ends": pieces on the same surfaces are one feature).
 */
import type { FeatureGraph, GraphFace } from './feature-graph.js';
import { CLASS, type RuleMatch } from './rule-match.js';
import { sameSurface } from './blend-faces.js';
import { dot3 } from '../../../geometry/vec3.js';

const HOLE_CLASSES: ReadonlySet<number> = new Set([CLASS.throughHole, CLASS.blindHole]);
const POCKET_CLASSES: ReadonlySet<number> = new Set([CLASS.triangularPocket, CLASS.rectangularPocket, CLASS.sixSidesPocket, CLASS.circularEndPocket]);
/** |cos| between a sliver's floor normal and the hole's axis. */
const SQUARE_COS = 0.9995;

/**
 * Joins every pocket match whose faces are inward cylinders on the surface of a hole match's cylinder (same axis and
 * radius) and planes square to that axis to that hole: a blind hole's floor and a strip of its wall that a crossing
 * cut parted from the rest (dev15 000037, 000110: a 22° and a 37° strip with their floor read as a circular-end
 * pocket). Where several hole matches share the surface (a hole parted into a through and a blind piece), the one
 * whose floor lies in the sliver's floor plane takes it; a through piece that takes a floor becomes a blind hole. Faces
 * taken get the hole's class and confidence.
 * @internal
 */
export function joinHoleSlivers(graph: FeatureGraph, features: RuleMatch[], faceClass: number[], faceConfidence: number[]): void {
  const holes = features.filter((m) => HOLE_CLASSES.has(m.classId));
  if (holes.length === 0) return;
  const dropped = new Set<RuleMatch>();
  for (const m of features) {
    if (!POCKET_CLASSES.has(m.classId)) continue;
    const faces = m.faces.map((i) => graph.faces[i]);
    const walls = faces.filter((f) => f.kind === 'cylinder' && f.inward);
    if (walls.length === 0) continue;
    const ref = walls[0];
    const floors = faces.filter((f) => f.kind === 'plane' && f.normal && Math.abs(dot3(f.normal, ref.axis!)) >= SQUARE_COS);
    if (walls.length + floors.length !== faces.length) continue;
    const hosts = holes.filter((h) => !dropped.has(h) && walls.every((w) => h.faces.some((i) => graph.faces[i].kind === 'cylinder' && sameSurface(w, graph.faces[i]))));
    if (hosts.length === 0) continue;
    const host = hosts.find((h) => floors.some((f) => h.faces.some((i) => coplanarSquare(f, graph.faces[i])))) ?? hosts[0];
    host.faces = [...host.faces, ...m.faces].sort((a, b) => a - b);
    // a floor closes the hole: a through piece that takes one is what is left of a blind hole (dev15 000097)
    if (host.classId === CLASS.throughHole && floors.length > 0) {
      host.classId = CLASS.blindHole;
      host.bottomFaces = floors.map((f) => f.index);
      host.rule = 'blind-hole';
      for (const f of host.faces) faceClass[f] = CLASS.blindHole;
    }
    for (const f of m.faces) {
      faceClass[f] = host.classId;
      faceConfidence[f] = host.confidence;
    }
    dropped.add(m);
  }
  if (dropped.size > 0) features.splice(0, features.length, ...features.filter((m) => !dropped.has(m)));
}

/** Two planes facing the same way in one plane (within 1e-3 mm per mm of size, at least 1e-3 mm). */
function coplanarSquare(a: GraphFace, b: GraphFace): boolean {
  if (a.kind !== 'plane' || b.kind !== 'plane' || !a.normal || !b.normal || dot3(a.normal, b.normal) < SQUARE_COS) return false;
  const d = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]] as const;
  return Math.abs(d[0] * a.normal[0] + d[1] * a.normal[1] + d[2] * a.normal[2]) < 1e-3 * Math.max(1, faceSizeMm(a));
}

/** A face's bounding-box diagonal (mm). */
function faceSizeMm(f: GraphFace): number {
  return Math.hypot(f.bbox.max[0] - f.bbox.min[0], f.bbox.max[1] - f.bbox.min[1], f.bbox.max[2] - f.bbox.min[2]);
}
