/**
 * gAAG extraction: the AAGNet input graph of a single-solid B-Rep Part (reference §2), written into
 * {@link AagnetInputs} typed arrays.
 */
import { CadlensError } from '../../errors/index.js';
import { allocateAagnetInputs, AAGNET_EDGE_ATTR_DIM, AAGNET_FACE_ATTR_DIM, AAGNET_GRID_SIZE, AAGNET_GRID_STRIDE, DEFAULT_MAX_FACES, type AagnetInputs } from '../../inference/inference-engine.js';
import type { Part, PartFace } from '../../model/index.js';
import { throwIfAborted } from '../../errors/abort.js';
import { buildGaagGraph } from './edge-attributes.js';
import { writeEdgeAttributes } from './edge-attributes.js';
import { addTrimmedSamplesToBox, memoFaceAreaCentroid } from './face-boundary-memo.js';
import { writeFaceAttributes } from './face-attributes.js';
import { sampleFaceGrid } from './face-uv-grid.js';
import { flattenLoops, type UvPolygons } from './trimming-mask.js';
import { edgeBoxOfFaces, unitBoxOf, type UnitBox } from './unit-box.js';
import { computeEdgeRanges, type FaceUvBoundary } from './uv-bounds.js';
import { memoFaceUvBoundary } from './uv-boundary-memo.js';
import { rotateInPlace, rotatedPartSource, sameEdgeRanges } from './rotated-part-source.js';

/** Why a face or the part may fall outside what the extractor (or the model) handles. */
export type GaagWarningCode =
  | 'no-solid'
  | 'multiple-solids'
  | 'open-shell'
  | 'unsupported-surface'
  | 'sampled-boundary'
  | 'boundary-failed'
  | 'wrap-loop'
  | 'no-area'
  | 'non-manifold-edge'
  | 'no-edges';

/** One finding of the extractor. */
export interface GaagWarning {
  code: GaagWarningCode;
  message: string;
  /** Node indices concerned, when any. */
  nodes?: number[];
  /** When true the gAAG is not trustworthy: the recognizer should decline the part. */
  outOfDomain: boolean;
}

/** Options of {@link extractGaag}. */
export interface ExtractGaagOptions {
  /**
   * Largest face count accepted.
   * @defaultValue 1000 (`DEFAULT_MAX_FACES`)
   */
  maxFaces?: number;
  /** Aborts the extraction (checked between faces); throws `ABORTED`. */
  signal?: AbortSignal;
  /**
   * The analytic kind a face (by Part face index) is, where its written surface is free-form but its shape is a
   * plane, cylinder, cone, sphere or torus (some exporters write every face as a B-spline); null or absent: the written
   * type.
   */
  faceKind?: (faceIndex: number) => string | null;
  /** Likewise for edges (by Part edge index): a B-spline that is a line or circle. */
  edgeKind?: (edgeIndex: number) => 'line' | 'circle' | 'ellipse' | null;
}

/** Result of {@link extractGaag}. */
export interface ExtractGaagResult {
  /** Raw model inputs (N faces, E directed edges). */
  inputs: AagnetInputs;
  /** Part face index of each node. */
  faceOrder: number[];
  /** p' = (p − center)·scale (mm → unit box). */
  unitBox: UnitBox;
  /** uv box of each node's face, `[umin, umax, vmin, vmax]` per node (NaN when it has none). */
  uvBoxes: Float64Array;
  warnings: GaagWarning[];
  /** True when any warning marks the part out of the model's domain. */
  outOfDomain: boolean;
}

const FREE_FORM = new Set(['sphere', 'torus', 'bspline', 'extrusion', 'revolution', 'offset']);

/**
 * Extracts the gAAG (faces = nodes in the solid's shell order; face attributes, 5×5 uv grids, both
 * directions of each face adjacency with 12 edge attributes) of the first solid of a STEP-built Part,
 * exactly as AAGNet's OpenCascade extractor defines it (docs: aagnet-reference §2). A rotated copy recorded with
 * `recordRotatedPartSource` (Tier 1's stock alignment) takes its uv boundaries and areas from its original
 * (equal up to rounding, and already memoized by the measure stage).
 *
 * @throws CadlensError `GRAPH_TOO_LARGE` when the solid has more than `maxFaces` faces; `ABORTED`.
 * @example
 * ```ts
 * const part = buildPartFromStep(readStep(bytes));
 * const { inputs, faceOrder, outOfDomain } = extractGaag(part);
 * if (!outOfDomain) await engine.run(inputs);
 * ```
 */
export function extractGaag(part: Part, options: ExtractGaagOptions = {}): ExtractGaagResult {
  const { signal } = options;
  const maxFaces = options.maxFaces ?? DEFAULT_MAX_FACES;
  throwIfAborted(signal);
  const warnings: GaagWarning[] = [];
  const solids = part.solids.filter((s) => s.kind !== 'mesh');
  if (solids.length === 0 || part.brepSource !== 'step') {
    warnings.push({ code: 'no-solid', message: 'the part has no B-Rep solid built from STEP entities', outOfDomain: true });
    return { inputs: allocateAagnetInputs(0, 0), faceOrder: [], unitBox: { center: [0, 0, 0], scale: 1 }, uvBoxes: new Float64Array(0), warnings, outOfDomain: true };
  }
  if (solids.length > 1) warnings.push({ code: 'multiple-solids', message: `the part has ${solids.length} solids; only the first is used`, outOfDomain: true });
  const solid = solids[0];
  const faceOrder: number[] = [];
  const nodeOf = new Int32Array(part.faces.length).fill(-1);
  for (const si of solid.shells) {
    const sh = part.shells[si];
    if (sh.kind !== 'closed') warnings.push({ code: 'open-shell', message: `shell ${si} is open`, outOfDomain: true });
    for (const fi of sh.faces) {
      if (nodeOf[fi] >= 0) continue;
      nodeOf[fi] = faceOrder.length;
      faceOrder.push(fi);
    }
  }
  const n = faceOrder.length;
  if (n > maxFaces)
    throw new CadlensError('GRAPH_TOO_LARGE', `the solid has ${n} faces, the limit is ${maxFaces}`, { stage: 'recognize', details: { faceCount: n, maxFaces } });

  const edgeRanges = computeEdgeRanges(part);
  const box = edgeBoxOfFaces(part, faceOrder, edgeRanges);
  const diag = Math.hypot(box[3] - box[0], box[4] - box[1], box[5] - box[2]) || 1;
  const tolMm = 1e-5 * diag;
  // A rotated copy (Tier 1's stock alignment) takes its uv boundaries and areas from its original, where the
  // memos already hold them; its centroids are the original's turned by the rotation.
  const source = rotatedPartSource(part);
  const sourceRanges = source ? computeEdgeRanges(source.part) : null;
  /** Per node: the face whose uv boundary and area it takes (the original's, or its own). */
  const uvFaces: PartFace[] = new Array(n);

  // pass 1: uv boundaries (and the box contribution of faces that can bulge beyond their edges)
  const boundaries: (FaceUvBoundary | null)[] = new Array(n).fill(null);
  const polygons: (UvPolygons | null)[] = new Array(n).fill(null);
  const unsupported: number[] = [];
  const sampled: number[] = [];
  const failed: number[] = [];
  const wraps: number[] = [];
  for (let i = 0; i < n; i++) {
    throwIfAborted(signal);
    const f = part.faces[faceOrder[i]];
    const s = f.surface;
    if (!s || s.type === 'other') {
      unsupported.push(i);
      continue;
    }
    if (s.type === 'extrusion' || s.type === 'revolution' || s.type === 'offset') unsupported.push(i);
    const fromSource = source !== undefined && sameEdgeRanges(f, edgeRanges, sourceRanges!);
    uvFaces[i] = fromSource ? source.part.faces[faceOrder[i]] : f;
    const b = fromSource ? memoFaceUvBoundary(source.part, uvFaces[i], sourceRanges!, tolMm) : memoFaceUvBoundary(part, f, edgeRanges, tolMm);
    boundaries[i] = b;
    if (!b.allPcurves) sampled.push(i);
    if (b.failed > 0) failed.push(i);
    if (b.wrapLoops > 0) wraps.push(i);
    const poly = flattenLoops(b);
    // flattenLoops reuses one scratch buffer: keep a copy per face
    polygons[i] = { ...poly, points: poly.points.slice() };
    // surface samples strictly inside the trimmed region (16×16 over the uv box) grow the part box
    if (FREE_FORM.has(s.type)) addTrimmedSamplesToBox(s, b, () => polygons[i]!, box);
  }
  if (unsupported.length) warnings.push({ code: 'unsupported-surface', message: `${unsupported.length} face(s) on surfaces AAGNet has no flag for (extrusion, revolution, offset, other)`, nodes: unsupported, outOfDomain: unsupported.some((i) => !boundaries[i]) });
  if (sampled.length) warnings.push({ code: 'sampled-boundary', message: `${sampled.length} face(s) without usable PCURVEs: uv boundary from sampled 3-D edges`, nodes: sampled, outOfDomain: false });
  if (failed.length) warnings.push({ code: 'boundary-failed', message: `${failed.length} face(s) with edges that could not be mapped to uv`, nodes: failed, outOfDomain: true });
  if (wraps.length) warnings.push({ code: 'wrap-loop', message: `${wraps.length} face(s) closed around a period without a seam edge`, nodes: wraps, outOfDomain: true });

  const unit = unitBoxOf(box);
  const graph = buildGaagGraph(part, faceOrder, nodeOf);
  const E = graph.src.length;
  const inputs = allocateAagnetInputs(n, E);
  const ac = new Float64Array(4);
  const noArea: number[] = [];
  for (let i = 0; i < n; i++) {
    throwIfAborted(signal);
    const f = part.faces[faceOrder[i]];
    const b = boundaries[i];
    const s = f.surface;
    if (!b || !s) continue;
    sampleFaceGrid(s, f.reversed, b.box, polygons[i], AAGNET_GRID_SIZE, AAGNET_GRID_SIZE, unit, inputs.faceGrid, i * AAGNET_GRID_STRIDE);
    if (!memoFaceAreaCentroid(uvFaces[i].surface!, b, ac)) {
      noArea.push(i);
      fallbackAreaCentroid(f, ac);
    } else if (uvFaces[i] !== f) rotateInPlace(source!.rotation, ac, 1);
    writeFaceAttributes(s, ac, unit, inputs.faceAttr, i * AAGNET_FACE_ATTR_DIM, options.faceKind?.(faceOrder[i]));
  }
  if (noArea.length) warnings.push({ code: 'no-area', message: `${noArea.length} face(s) whose uv loops enclose no area (mesh values used)`, nodes: noArea, outOfDomain: false });
  if (graph.nonManifoldEdges.length) warnings.push({ code: 'non-manifold-edge', message: `${graph.nonManifoldEdges.length} edge(s) shared by more than two faces`, outOfDomain: true });
  if (E === 0) warnings.push({ code: 'no-edges', message: 'no two faces share an edge', outOfDomain: true });

  // edges: attributes per undirected pair, copied to both directions
  const pairAttr = new Float32Array(graph.pairEdge.length * AAGNET_EDGE_ATTR_DIM);
  for (let p = 0; p < graph.pairEdge.length; p++) {
    const e = part.edges[graph.pairEdge[p]];
    const fa = part.faces[faceOrder[graph.pairA[p]]];
    const fb = part.faces[faceOrder[graph.pairB[p]]];
    writeEdgeAttributes(part, e, fa, fb, edgeRanges[e.index * 2], edgeRanges[e.index * 2 + 1], unit.scale, tolMm, pairAttr, p * AAGNET_EDGE_ATTR_DIM, options.edgeKind?.(e.index));
  }
  for (let k = 0; k < E; k++) {
    inputs.edgeIndex[k] = BigInt(graph.src[k]);
    inputs.edgeIndex[E + k] = BigInt(graph.dst[k]);
    inputs.edgeAttr.set(pairAttr.subarray(graph.pairOf[k] * AAGNET_EDGE_ATTR_DIM, (graph.pairOf[k] + 1) * AAGNET_EDGE_ATTR_DIM), k * AAGNET_EDGE_ATTR_DIM);
  }
  const uvBoxes = new Float64Array(n * 4).fill(NaN);
  for (let i = 0; i < n; i++) if (boundaries[i]) uvBoxes.set(boundaries[i]!.box, i * 4);
  return { inputs, faceOrder, unitBox: unit, uvBoxes, warnings, outOfDomain: warnings.some((w) => w.outOfDomain) };
}

function fallbackAreaCentroid(f: PartFace, out: Float64Array): void {
  out[0] = f.area;
  out[1] = f.centroid[0];
  out[2] = f.centroid[1];
  out[3] = f.centroid[2];
}

