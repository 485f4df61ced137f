/**
 * Tier 2's side of the shared feature-parameter measurer (`src/features/parameters/`): the view of its
 * face graph the measurer reads ({@link featureGeometryOfGraph}), and the few geometric helpers its rules
 * use while matching (extents of face boxes), built on the measurer's own primitives. The parameters a
 * Tier 2 feature reports are the measurer's (heuristic-recognizer.ts), named and defined as every tier's.
 * @internal
 */
import type { Part, Vec3 } from '../../../model/index.js';
import type { RuleContext } from './rule-context.js';
import type { FeatureGraph } from './feature-graph.js';
import { otherFace } from './feature-graph.js';
import { boxCornerPoints, extentOfPoints, roundParameter as round, type FeatureGeometry } from '../../../features/parameters/index.js';
import { dot3 } from '../../../geometry/vec3.js';
import { canonicalFeatureGeometry } from '../canonical-kinds.js';

/**
 * The measurer's view of a Tier 2 graph: the graph's faces (with their fitted surfaces), its arcs, and
 * boundary points — exact from the B-Rep when the graph was built from `part`'s faces, else (a segmented
 * mesh) the corners of the faces' boxes. B-Rep boundary points come from the Part's shared view
 * ({@link canonicalFeatureGeometry}: each edge's points computed once per Part, the same values in the same
 * order as `partBoundaryPoints`), so Tier 2, Tier 1 and the composite-hole pass sample each edge once.
 */
export function featureGeometryOfGraph(graph: FeatureGraph, part?: Readonly<Part>): FeatureGeometry {
  const brep = part !== undefined && part.faces.length === graph.faces.length && part.faces.length > 0;
  const brepPoints = brep ? canonicalFeatureGeometry(part!) : null;
  const neighbours = graph.faces.map((f) => [...new Set((graph.neighbours[f.index] ?? []).map((ai) => otherFace(graph.arcs[ai], f.index)))].filter((g) => g !== f.index));
  return {
    faceCount: graph.faces.length,
    face: (i) => graph.faces[i],
    neighbours: (i) => neighbours[i] ?? [],
    boundaryPoints: (faces) => (brepPoints ? brepPoints.boundaryPoints(faces) : boxCornerPoints(faces.map((f) => graph.faces[f].bbox))),
  };
}

/** Extent [min, max] of the faces' box corners projected on `dir`. */
export function extentAlong(ctx: RuleContext, faces: readonly number[], dir: Vec3): [number, number] {
  return extentOfPoints(boxCornerPoints(faces.map((f) => ctx.graph.faces[f].bbox)), dir);
}

/**
 * Depth along the access direction `accessDir` (points out of the material, from the bottom to the
 * opening) and the two extents across it, from the faces' boxes: `{ depthMm, lengthMm, widthMm }`. A
 * rule's first estimate; the reported parameters are the shared measurer's.
 */
export function boxParameters(ctx: RuleContext, faces: readonly number[], accessDirId: number): Record<string, number> {
  const [lo, hi] = extentAlong(ctx, faces, ctx.dirVector(accessDirId));
  const others = [0, 1, 2].filter((k) => k !== accessDirId >> 1).map((k) => {
    const [a, b] = extentAlong(ctx, faces, ctx.axes[k]);
    return b - a;
  });
  return { depthMm: round(hi - lo), lengthMm: round(Math.max(...others)), widthMm: round(Math.min(...others)) };
}

/** Angle (degrees) between two faces whose unit normals are given: 180 − the angle between the normals. */
export function angleBetweenFacesDeg(a: Vec3, b: Vec3): number {
  const c = Math.max(-1, Math.min(1, dot3(a, b)));
  return round(180 - (Math.acos(c) * 180) / Math.PI);
}

/** Round a parameter to 1e-6 mm (the shared measurer's rounding). */
export const roundParameter = round;
