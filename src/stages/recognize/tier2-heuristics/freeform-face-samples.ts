/**
 * Points and outward normals on a free-form B-Rep face's exact, trimmed surface (B-spline, swept, offset): what
 * Tier 2 fits a plane, cylinder or cone to, so that such a face is read the same with and without OpenCascade's
 * tessellation (issue 12: `mesh: 'never'`, `'auto'` and `'always'` must recognize alike).
 *
 * The face's uv loops are the gAAG's (`memoFaceUvBoundary`: built once per analysis by the exact measure stage and
 * reused here), the trimming test is the gAAG's mask (`classifyUvRow`), and the surface is cadlens's own evaluator.
 * @internal
 */
import type { Part, PartFace, Vec3 } from '../../../model/index.js';
import { surfaceDerivatives } from '../../../geometry/surface-eval.js';
import { memoFaceUvBoundary } from '../../../features/gaag/uv-boundary-memo.js';
import { classifyUvRow, flattenLoops } from '../../../features/gaag/trimming-mask.js';
import { computeEdgeRanges, type FaceUvBoundary } from '../../../features/gaag/uv-bounds.js';
import { fixedRegionSamples, type RegionSamples } from '../tier2-mesh/fit-surfaces.js';

/** Grid samples per uv direction (16 cells over the face's uv box, box edges included). */
export const FREEFORM_GRID_SAMPLES = 17;

/** Boundary samples per uv loop at most (every point of a loop flattened to fewer). */
const MAX_LOOP_SAMPLES = 64;

/**
 * Fewer samples strictly inside the trim than this (a sliver across its uv box): the boundary samples weigh as
 * much as the inside ones instead of nothing.
 */
const MIN_INSIDE_SAMPLES = 8;

/** Samples of one face, in the form the fitters take. */
export interface FaceSurfaceSamples {
  /** `points` and `normals` one per sample (outward normals), `areas` the sample's weight. */
  samples: RegionSamples;
  /** The sample points again (the fitters' per-normal anchor points). */
  centroids: number[];
}

interface PartContext {
  edges: Part['edges'];
  vertices: Part['vertices'];
  edgeRanges: Float64Array;
  tolMm: number;
  /** Each face's samples, made once: the canonical kinds and Tier 2 both sample every free-form face. */
  samples: Map<PartFace, FaceSurfaceSamples | null>;
}

const contexts = new WeakMap<Readonly<Part>, PartContext>();

/**
 * The edge ranges and the uv tolerance of a Part, once per Part. The tolerance is 1e-5 of the B-Rep vertices' box
 * diagonal — the same on every mesh path (`summary.bbox` becomes the mesh's once a tessellation is attached).
 */
function contextOf(part: Readonly<Part>): PartContext {
  const known = contexts.get(part);
  if (known && known.edges === part.edges && known.vertices === part.vertices) return known;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const v of part.vertices)
    for (let k = 0; k < 3; k++) {
      if (v.point[k] < lo[k]) lo[k] = v.point[k];
      if (v.point[k] > hi[k]) hi[k] = v.point[k];
    }
  const diag = Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const ctx: PartContext = {
    edges: part.edges,
    vertices: part.vertices,
    edgeRanges: computeEdgeRanges(part as Part),
    tolMm: 1e-5 * (Number.isFinite(diag) && diag > 0 ? diag : 1),
    samples: new Map(),
  };
  contexts.set(part, ctx);
  return ctx;
}

const p3: Vec3 = [0, 0, 0];
const su: Vec3 = [0, 0, 0];
const sv: Vec3 = [0, 0, 0];

/**
 * Samples of `face` on its exact surface: a {@link FREEFORM_GRID_SAMPLES}² grid over its uv box, of which the samples
 * strictly inside the trim count with the surface area of their grid cell, and the points of its flattened uv loops
 * (on the boundary; at most 64 a loop), which count in every error test but weigh nothing in the means unless the inside has fewer than
 * eight samples. Samples where the surface has no normal (a pole, an apex) are left out. Null when the face has no
 * surface cadlens evaluates, its uv loops cannot be built, or fewer than three samples remain: the caller then has
 * only the triangles.
 */
export function sampleFreeformFace(part: Readonly<Part>, face: PartFace): FaceSurfaceSamples | null {
  const s = face.surface;
  if (!s || s.type === 'other' || face.bounds.length === 0) return null;
  const ctx = contextOf(part);
  const known = ctx.samples.get(face);
  if (known !== undefined) return known;
  const made = sampleFace(part, face, ctx);
  // Nobody writes the samples: the fitters only read them, and keep their plane and axis fits for the next asker.
  if (made) fixedRegionSamples(made.samples);
  ctx.samples.set(face, made);
  return made;
}

function sampleFace(part: Readonly<Part>, face: PartFace, ctx: PartContext): FaceSurfaceSamples | null {
  const s = face.surface!;
  let b: FaceUvBoundary;
  try {
    b = memoFaceUvBoundary(part as Part, face, ctx.edgeRanges, ctx.tolMm);
  } catch {
    return null;
  }
  const [u0, u1, v0, v1] = [b.box[0], b.box[1], b.box[2], b.box[3]];
  if (!Number.isFinite(u0 + u1 + v0 + v1)) return null;
  const poly = flattenLoops(b);
  const sign = face.reversed ? -1 : 1;
  const inside: number[] = [], insideNormals: number[] = [], insideWeights: number[] = [];
  const edge: number[] = [], edgeNormals: number[] = [];
  const push = (u: number, v: number, points: number[], normals: number[]): number => {
    surfaceDerivatives(s, u, v, p3, su, sv);
    const nx = su[1] * sv[2] - su[2] * sv[1], ny = su[2] * sv[0] - su[0] * sv[2], nz = su[0] * sv[1] - su[1] * sv[0];
    const len = Math.hypot(nx, ny, nz);
    const scale = Math.hypot(su[0], su[1], su[2]) * Math.hypot(sv[0], sv[1], sv[2]);
    if (!(len > 1e-12 * scale) || !Number.isFinite(len + p3[0] + p3[1] + p3[2])) return 0;
    points.push(p3[0], p3[1], p3[2]);
    normals.push((sign * nx) / len, (sign * ny) / len, (sign * nz) / len);
    return len;
  };
  // The inside of the trim, one v row at a time (the gAAG's mask: the outer ring lies on the uv box, never inside).
  const n = FREEFORM_GRID_SAMPLES;
  const du = (u1 - u0) / (n - 1), dv = (v1 - v0) / (n - 1);
  const onTol = 1e-9 * (Math.max(u1 - u0, v1 - v0) || 1);
  const us = new Float64Array(n - 2);
  for (let i = 1; i < n - 1; i++) us[i - 1] = u0 + du * i;
  const row = new Uint8Array(n - 2);
  for (let j = 1; j < n - 1; j++) {
    const v = v0 + dv * j;
    classifyUvRow(poly, v, us, n - 2, onTol, row);
    for (let i = 0; i < n - 2; i++) {
      if (row[i] !== 1) continue;
      const jacobian = push(us[i], v, inside, insideNormals);
      if (jacobian > 0) insideWeights.push(jacobian * du * dv);
    }
  }
  // The boundary (the loops' uv points lie in the uv box the grid covers), at most MAX_LOOP_SAMPLES a loop: a circle's
  // pcurve is flattened to 256 points a turn, far more than the grid has inside.
  for (let k = 0; k < poly.loopCount; k++) {
    const first = poly.starts[k], count = poly.starts[k + 1] - 1 - first;
    const step = Math.max(1, Math.ceil(count / MAX_LOOP_SAMPLES));
    for (let i = first; i < first + count; i += step) push(poly.points[2 * i], poly.points[2 * i + 1], edge, edgeNormals);
  }
  const count = (inside.length + edge.length) / 3;
  if (count < 3) return null;
  const few = insideWeights.length < MIN_INSIDE_SAMPLES;
  const areas = few ? new Array<number>(count).fill(1) : [...insideWeights, ...new Array<number>(edge.length / 3).fill(0)];
  const points = [...inside, ...edge];
  return { samples: { points, normals: [...insideNormals, ...edgeNormals], areas }, centroids: points };
}
