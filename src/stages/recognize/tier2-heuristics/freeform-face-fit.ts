/**
 * The analytic surface Tier 2 takes a free-form B-Rep face (B-spline, swept, offset) for: a plane, cylinder or cone
 * fitted to samples of its exact trimmed surface ({@link sampleFreeformFace}), so that the face reads the same with
 * and without OpenCascade's tessellation; its triangles only where cadlens cannot sample the surface.
 * @internal
 */
import { SMOOTH_ANGLE_RAD, type Part, type PartFace } from '../../../model/index.js';
import type { GraphFace } from './feature-graph.js';
import { sampleFreeformFace } from './freeform-face-samples.js';
import { fitPlane, fitPlaneOrAxisSurface, type RegionSamples, type SurfaceFit } from '../tier2-mesh/fit-surfaces.js';
import { fitFaceTriangles } from '../tier2-mesh/segment-mesh.js';

/** cos of the AAG's smoothness angle: normals closer than this to a plane's are, to the AAG, that plane's. */
const COS_SMOOTH = Math.cos(SMOOTH_ANGLE_RAD);

/**
 * The plane, cylinder or cone a free-form face is (see {@link fitExactFreeformSurface}); from its triangles
 * (`fitFaceTriangles`) only where its surface cannot be sampled. Null when nothing fits: the face stays free-form.
 */
export function fitFreeformFace(part: Readonly<Part>, face: PartFace): Partial<GraphFace> | null {
  const exact = sampleFreeformFace(part, face);
  if (exact) return fitExactFreeformSurface(exact.samples, exact.centroids);
  if (!face.triangles || face.triangles.count === 0) return null;
  return fitFaceTriangles(part.mesh, face.triangles.first, face.triangles.count);
}

/**
 * What samples of a free-form face's exact surface fit: the plane, cylinder or cone of
 * {@link fitPlaneOrAxisSurface} (points within 1e-4 of their box diagonal), except that a nearly flat face — every
 * sample's normal within the AAG's smoothness angle (`SMOOTH_ANGLE_RAD`, 5°) of its best plane's — is that plane.
 *
 * Why: the AAG cannot tell such a face from a plane (an edge between them would be smooth), and the cylinder or cone
 * it also fits has an axis pinned by a few degrees of turn only. A generated 0.45 mm² edge bevel exported as a
 * B-spline deviates 0.9 % of its size from its plane and fits a cone of radius 71 mm; read as that cone it was no
 * chamfer, and the passage cut through it lost a wall (test/recognize/tier2-crossed-features, syn_s101_000072). Its
 * triangles had fitted nothing; those of a flatter bevel (0.6° of turn, syn_s116_000080) had fitted its plane, which
 * its samples alone missed too.
 */
export function fitExactFreeformSurface(s: RegionSamples, centroids: number[]): Omit<SurfaceFit, 'maxErrorMm' | 'coneSlope'> | null {
  const strict = fitPlaneOrAxisSurface(s, centroids);
  if (strict?.kind === 'plane') return strict;
  const plane = fitPlane(s);
  if (!normalsWithin(s.normals, plane.normal!, COS_SMOOTH)) return strict;
  const { maxErrorMm: _e, coneSlope: _k, ...rest } = plane;
  return rest;
}

/** Whether every unit normal (xyz…) makes at most the angle whose cos is `minCos` with `n`. */
function normalsWithin(normals: readonly number[], n: readonly number[], minCos: number): boolean {
  for (let i = 0; i < normals.length; i += 3) if (normals[i] * n[0] + normals[i + 1] * n[1] + normals[i + 2] * n[2] < minCos) return false;
  return true;
}
