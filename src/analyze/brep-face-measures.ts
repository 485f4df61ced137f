/**
 * Face measures of a Part without a tessellation, from its exact B-Rep: what `attachTessellation` would
 * otherwise derive from the triangles. Used by the `mesh: 'never'` path so that validation and
 * recognition read the same fields (`area`, `centroid`, `bbox`, `summary.surfaceAreaMm2`) either way, and
 * on a tessellated STEP part for recognition's Part ({@link withExactFaceMeasures}).
 * @internal
 */
import type { BoundingBox, Part, PartFace } from '../model/index.js';
import { throwIfAborted } from '../errors/abort.js';
import { createAbortCheckpoint } from '../resilience/yield-to-event-loop.js';
import { addTrimmedSamplesToBox, memoFaceAreaCentroid } from '../features/gaag/face-boundary-memo.js';
import { flattenLoops } from '../features/gaag/trimming-mask.js';
import { edgeBoxOfFaces } from '../features/gaag/unit-box.js';
import { computeEdgeRanges, type FaceUvBoundary } from '../features/gaag/uv-bounds.js';
import { memoFaceUvBoundary } from '../features/gaag/uv-boundary-memo.js';

/** Surfaces that can bulge beyond their edges: their box also takes samples of the trimmed surface. */
const BULGING = new Set(['sphere', 'torus', 'bspline', 'extrusion', 'revolution', 'offset']);

const areaCentroid = new Float64Array(4);

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
  const m = startMeasures(part);
  for (const f of part.faces) {
    throwIfAborted(signal);
    m.add(f);
  }
  return m.done();
}

/**
 * {@link measureBrepFaces} that, given a signal, yields to the event loop between faces every few
 * milliseconds of work, so a timer-driven abort is seen while the faces are measured (the same result).
 * @throws CadlensError `ABORTED`
 */
export async function measureBrepFacesYielding(part: Part, signal?: AbortSignal): Promise<BrepFaceMeasures> {
  if (!signal) return measureBrepFaces(part);
  const checkpoint = createAbortCheckpoint(signal);
  const m = startMeasures(part);
  for (const f of part.faces) {
    const yielding = checkpoint();
    if (yielding) await yielding;
    m.add(f);
  }
  return m.done();
}

/**
 * The tessellated Part (`attachTessellation` of the same read) with the exact measures of {@link measureBrepFaces}
 * on every face that has them; the faces in `exact.unmeasured` keep their triangles' measures. This is the Part
 * the analyzer recognizes on once it has tessellated a STEP file (the pipeline's `recognitionPart`): recognition
 * reads the B-Rep's areas, centroids and boxes whether or not OpenCascade's mesh is there. The evaluation and
 * dev tools (tools/eval/tier2-data.ts `tessellateForRecognition`) build their Part with it too, so that they
 * measure what users get.
 */
export function withExactFaceMeasures(tessellated: Part, exact: BrepFaceMeasures): Part {
  const unmeasured = new Set(exact.unmeasured);
  const faces = tessellated.faces.map((f, i) => {
    const e = exact.part.faces[i];
    return e && !unmeasured.has(i) ? { ...f, area: e.area, centroid: e.centroid, bbox: e.bbox } : f;
  });
  return { ...tessellated, faces };
}

/** The face-by-face state of one measurement (faces added in index order). */
function startMeasures(part: Part) {
  const unmeasured: number[] = [];
  const edgeRanges = computeEdgeRanges(part);
  const box = part.summary.bbox;
  const diag = Math.hypot(box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]);
  const tolMm = 1e-5 * (Number.isFinite(diag) && diag > 0 ? diag : 1);
  let total = 0;
  const faces: PartFace[] = [];
  return {
    add(f: PartFace) {
      const measured = measureFace(part, f, edgeRanges, tolMm);
      if (measured === f || !(measured.area > 0)) unmeasured.push(f.index);
      total += measured.area;
      faces.push(measured);
    },
    done(): BrepFaceMeasures {
      return { part: { ...part, faces, summary: { ...part.summary, surfaceAreaMm2: total } }, unmeasured };
    },
  };
}

function measureFace(part: Part, f: PartFace, edgeRanges: Float64Array, tolMm: number): PartFace {
  const s = f.surface;
  if (!s || s.type === 'other' || f.bounds.length === 0) return f;
  let b: FaceUvBoundary;
  try {
    b = memoFaceUvBoundary(part, f, edgeRanges, tolMm);
  } catch {
    return f; // a face whose loops cannot be mapped to uv keeps the builder's measures
  }
  const box = edgeBoxOfFaces(part, [f.index], edgeRanges);
  // surface samples strictly inside the trim (16×16 over the uv box), shared with the gAAG extraction
  if (BULGING.has(s.type)) addTrimmedSamplesToBox(s, b, () => flattenLoops(b), box);
  const bbox: BoundingBox = Number.isFinite(box[0]) ? { min: [box[0], box[1], box[2]], max: [box[3], box[4], box[5]] } : f.bbox;
  if (!memoFaceAreaCentroid(s, b, areaCentroid) || !(areaCentroid[0] > 0)) return { ...f, bbox };
  return { ...f, area: areaCentroid[0], centroid: [areaCentroid[1], areaCentroid[2], areaCentroid[3]], bbox };
}
