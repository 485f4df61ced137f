/**
 * Face measures of a Part without a tessellation, from its exact B-Rep: what `attachTessellation` would
 * otherwise derive from the triangles. Used by the `mesh: 'never'` path so that validation and
 * recognition read the same fields (`area`, `centroid`, `bbox`, `summary.surfaceAreaMm2`) either way.
 * @internal
 */
import type { BoundingBox, Part, PartFace, Vec3 } from '../model/index.js';
import { throwIfAborted } from '../errors/abort.js';
import { evaluateSurface } from '../geometry/surface-eval.js';
import { faceAreaCentroid } from '../features/gaag/face-integrals.js';
import { classifyUv, flattenLoops } from '../features/gaag/trimming-mask.js';
import { addToBox, edgeBoxOfFaces } from '../features/gaag/unit-box.js';
import { buildFaceUvBoundary, computeEdgeRanges, type FaceUvBoundary } from '../features/gaag/uv-bounds.js';

/** Surfaces that can bulge beyond their edges: their box also takes samples of the trimmed surface. */
const BULGING = new Set(['sphere', 'torus', 'bspline', 'extrusion', 'revolution', 'offset']);
/** Samples per uv direction for the box of a bulging face. */
const BOX_SAMPLES = 16;

const areaCentroid = new Float64Array(4);
const p3: Vec3 = [0, 0, 0];

/** What {@link measureBrepFaces} produced. */
export interface BrepFaceMeasures {
  part: Part;
  /** Faces whose exact area could not be computed (their uv loops give none): area 0, the builder's box. */
  unmeasured: number[];
}

/**
 * A copy of `part` whose faces carry the exact area and area centroid of the trimmed surface (Green's
 * theorem on the uv loops, as the gAAG computes them) and the tight box of their edges (analytic arc
 * extremes; surface samples inside the trim for faces that can bulge beyond their edges), and whose
 * summary carries the total area. Faces whose loops give no area keep the builder's values (area 0)
 * and are listed in `unmeasured`. The volume stays null: it is only ever measured on a closed mesh.
 */
export function measureBrepFaces(part: Part, signal?: AbortSignal): BrepFaceMeasures {
  const unmeasured: number[] = [];
  const edgeRanges = computeEdgeRanges(part);
  const box = part.summary.bbox;
  const diag = Math.hypot(box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]);
  const tolMm = 1e-5 * (Number.isFinite(diag) && diag > 0 ? diag : 1);
  let total = 0;
  const faces = part.faces.map((f) => {
    throwIfAborted(signal);
    const measured = measureFace(part, f, edgeRanges, tolMm);
    if (measured === f || !(measured.area > 0)) unmeasured.push(f.index);
    total += measured.area;
    return measured;
  });
  return { part: { ...part, faces, summary: { ...part.summary, surfaceAreaMm2: total } }, unmeasured };
}

function measureFace(part: Part, f: PartFace, edgeRanges: Float64Array, tolMm: number): PartFace {
  const s = f.surface;
  if (!s || s.type === 'other' || f.bounds.length === 0) return f;
  let b: FaceUvBoundary;
  try {
    b = buildFaceUvBoundary(part, f, edgeRanges, tolMm);
  } catch {
    return f; // a face whose loops cannot be mapped to uv keeps the builder's measures
  }
  const box = edgeBoxOfFaces(part, [f.index], edgeRanges);
  if (BULGING.has(s.type)) addTrimmedSurfaceSamples(f, b, box);
  const bbox: BoundingBox = Number.isFinite(box[0]) ? { min: [box[0], box[1], box[2]], max: [box[3], box[4], box[5]] } : f.bbox;
  if (!faceAreaCentroid(s, b, areaCentroid) || !(areaCentroid[0] > 0)) return { ...f, bbox };
  return { ...f, area: areaCentroid[0], centroid: [areaCentroid[1], areaCentroid[2], areaCentroid[3]], bbox };
}

/** Grows `box` by surface points strictly inside the trimmed region (a BOX_SAMPLES² grid over the uv box). */
function addTrimmedSurfaceSamples(f: PartFace, b: FaceUvBoundary, box: Float64Array): void {
  const s = f.surface!;
  const [u0, u1, v0, v1] = [b.box[0], b.box[1], b.box[2], b.box[3]];
  if (!Number.isFinite(u0 + u1 + v0 + v1)) return;
  const poly = flattenLoops(b);
  const tol = 1e-9 * Math.max(u1 - u0, v1 - v0);
  for (let i = 0; i <= BOX_SAMPLES; i++) {
    const u = u0 + ((u1 - u0) * i) / BOX_SAMPLES;
    for (let j = 0; j <= BOX_SAMPLES; j++) {
      const v = v0 + ((v1 - v0) * j) / BOX_SAMPLES;
      if (!classifyUv(poly, u, v, tol)) continue;
      evaluateSurface(s, u, v, p3);
      addToBox(box, p3[0], p3[1], p3[2]);
    }
  }
}
