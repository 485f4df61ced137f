/**
 * The analytic kind of every face and edge of a Part, whatever type the file wrote it as. Some exporters write
 * planes, cylinders, straight edges and circles as B-splines (labels/caxif-samples: I-DEAS writes every face and edge
 * so; Open CASCADE's 2008 writer and an AP203 translator write cylinders as B-spline halves). The same design then
 * read by the written types was a free-form part to Tier 1 (declined as out of domain) and a different graph to the
 * passes than the same design from another CAD system. Recognition reads a face or edge by its canonical kind: its
 * own analytic type, or the plane, cylinder, cone, sphere or torus its exact surface is (within
 * {@link CANONICAL_RELATIVE_TOLERANCE} of the face's size: the fitters Tier 2 fits mesh regions with, on samples of
 * the exact surface), or the line or circle its curve is ({@link canonicalCurveKind}). Computed once per Part.
 * @internal
 */
import type { Part, PartFace, SurfaceType } from '../../model/index.js';
import type { FreeformFitter, GraphFace } from './tier2-heuristics/feature-graph.js';
import { featureGeometryOfPart, type FeatureGeometry, type FreeformFaceReader } from '../../features/parameters/index.js';
import { canonicalCurveKind, untrimmedCurve, type CanonicalCurveKind } from '../../geometry/canonical-curve.js';
import { computeEdgeRanges } from '../../features/gaag/uv-bounds.js';
import { sampleFreeformFace } from './tier2-heuristics/freeform-face-samples.js';
import { fitAxisSurface, fitPlane, fitSphere, type RegionSamples, type SurfaceFit } from './tier2-mesh/fit-surfaces.js';
import { fitTorus } from './tier2-mesh/fit-torus.js';

/**
 * Largest deviation of a free-form face from the analytic surface it is read as, as a share of the face's size.
 * Exporters that write analytic faces as B-splines write them exactly (rational forms: 1e-13 to 1e-16 of the face's
 * size on the CAx-IF files; approximations to 3e-7 on real tune D31, D30); free-form faces that only come near a
 * cylinder are further off (real tune D33's 1.2e-4, D38's 3e-5 to 8e-4, OpenCascade's crank arm 1.7e-4) and stay
 * free-form: read as cylinders, D33's sensor housing became a turned bar. The same for spheres and tori (fillet rounds,
 * ball ends and domes written as rational B-splines are exact; a free-form blend near a torus is not).
 */
export const CANONICAL_RELATIVE_TOLERANCE = 1e-6;

/** Analytic surface kinds (what AAGNet has a flag for). */
export type CanonicalSurfaceKind = 'plane' | 'cylinder' | 'cone' | 'sphere' | 'torus';

const ANALYTIC: ReadonlySet<SurfaceType> = new Set<SurfaceType>(['plane', 'cylinder', 'cone', 'sphere', 'torus']);

/** Per face and per edge (by index): the canonical kind, or null (free-form, or not analytic within tolerance). */
export interface CanonicalKinds {
  faces: (CanonicalSurfaceKind | null)[];
  edges: (CanonicalCurveKind | 'ellipse' | null)[];
  /** Per face: the strict fit of a free-form face recognized as analytic (null otherwise). */
  fits: (Partial<GraphFace> | null)[];
  /** How many faces / edges were written free-form but are analytic. */
  recognizedFaces: number;
  recognizedEdges: number;
}

const memo = new WeakMap<Readonly<Part>, CanonicalKinds>();

/** {@link CanonicalKinds} of `part` (memoized per Part object). */
export function canonicalKinds(part: Readonly<Part>): CanonicalKinds {
  const known = memo.get(part);
  if (known && known.faces.length === part.faces.length && known.edges.length === part.edges.length) return known;
  let recognizedFaces = 0;
  const fits: (Partial<GraphFace> | null)[] = part.faces.map(() => null);
  const faces = part.faces.map((f): CanonicalSurfaceKind | null => {
    if (ANALYTIC.has(f.surfaceType)) return f.surfaceType as CanonicalSurfaceKind;
    if (!f.surface || f.surfaceType === 'other' || part.brepSource !== 'step') return null;
    const exact = sampleFreeformFace(part, f);
    const fit = exact ? exactFit(exact.samples, exact.centroids) : null;
    const kind = fit?.kind && ANALYTIC.has(fit.kind) ? (fit.kind as CanonicalSurfaceKind) : null;
    if (kind) {
      recognizedFaces++;
      fits[f.index] = fit;
    }
    return kind;
  });
  let recognizedEdges = 0;
  const ranges = part.edges.length > 0 && part.brepSource === 'step' ? computeEdgeRanges(part as Part) : null;
  const edges = part.edges.map((e): CanonicalCurveKind | 'ellipse' | null => {
    const c = untrimmedCurve(e.curve);
    if (c.type === 'line' || c.type === 'circle' || c.type === 'ellipse') return c.type;
    if (!ranges) return null;
    const kind = canonicalCurveKind(c, ranges[2 * e.index], ranges[2 * e.index + 1]);
    if (kind) recognizedEdges++;
    return kind;
  });
  const out = { faces, edges, fits, recognizedFaces, recognizedEdges };
  memo.set(part, out);
  return out;
}

/**
 * The plane, cylinder, cone, sphere or torus the samples lie on within {@link CANONICAL_RELATIVE_TOLERANCE} of their
 * size, or null; tried in that order (the first that holds: a sphere is also a torus of no major radius).
 */
function exactFit(s: RegionSamples, centroids: number[]): Partial<GraphFace> | null {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < s.points.length; i += 3)
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], s.points[i + k]);
      hi[k] = Math.max(hi[k], s.points[i + k]);
    }
  const size = Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  if (!(size > 0)) return null;
  const tol = CANONICAL_RELATIVE_TOLERANCE * size;
  const pick = ({ maxErrorMm: _e, coneSlope: _k, ...rest }: SurfaceFit): Partial<GraphFace> => rest;
  const plane = fitPlane(s);
  if (plane.maxErrorMm <= tol) return pick(plane);
  const axis = fitAxisSurface(s, centroids);
  if (axis && axis.maxErrorMm <= tol) return pick(axis);
  const sphere = fitSphere(s, centroids);
  if (sphere && sphere.maxErrorMm <= tol) return pick(sphere);
  // No refinement (acceptMm Infinity): the samples' normals are the exact surface's, so the linear normal-line fit of
  // an exact torus is exact (at most 1.5e-10 of the size on the B-spline twins' 73 tori); refining only polishes
  // near-tori, which stay free-form anyway, and costs (a screw's thread faces: 3× the time of the other fits).
  const torus = fitTorus(s, centroids, Infinity);
  return torus && torus.maxErrorMm <= tol ? pick(torus) : null;
}

/** Whether a face is a plane: written as one, or free-form with a plane's exact shape. */
export function isCanonicalPlane(part: Readonly<Part>, face: PartFace): boolean {
  return face.surfaceType === 'plane' || (face.surfaceType !== 'other' && canonicalKinds(part).faces[face.index] === 'plane');
}

/**
 * The face-graph fitter of the passes after recognition: a free-form face whose exact surface is a plane, cylinder,
 * cone, sphere or torus (strictly, as {@link canonicalKinds} reads it) is that surface; any other free-form face stays
 * free-form.
 * (Tier 2's own fitter, freeform-face-fit.ts, also reads nearly flat faces as planes.)
 */
export const canonicalFitter: FreeformFitter = (part, face) => canonicalKinds(part).fits[face.index] ?? null;

/**
 * The feature-parameter measurer's reading of a free-form face that is exactly a plane, cylinder, cone, sphere or torus
 * (a torus: `radius` is the tube's, as for a written torus; a sphere has no axis).
 */
export const canonicalMeasuredFace: FreeformFaceReader = (part, face) => {
  const fit = canonicalKinds(part).fits[face.index];
  if (!fit?.kind || fit.kind === 'other') return null;
  return {
    kind: fit.kind,
    normal: fit.normal ?? null,
    origin: fit.origin ?? [0, 0, 0],
    axis: fit.axis ?? null,
    radius: fit.radius ?? null,
    semiAngleRad: fit.semiAngleRad ?? null,
    inward: fit.inward ?? false,
    area: face.area,
    bbox: face.bbox,
  };
};

/**
 * The measurer's view of a Part with free-form faces read by their canonical kind (so a hole written as B-spline
 * halves has a diameter, and its pieces join): what recognition's tiers and passes measure features on.
 */
export function canonicalFeatureGeometry(part: Readonly<Part>): FeatureGeometry {
  return featureGeometryOfPart(part, canonicalMeasuredFace);
}
