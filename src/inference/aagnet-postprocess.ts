import {
  AAGNET_NUM_CLASSES,
  AAGNET_STOCK_CLASS_ID,
  AAGNET_THROUGH_HOLE_CLASS_ID,
  aagnetClassName,
  type AagnetClassName,
} from './aagnet-classes.js';
import type { AagnetOutputs } from './inference-engine.js';

/**
 * AAGNet post-processing (reference notes, section 4), as pure functions over the output tensors.
 * Thresholds: instance and bottom probabilities > 0.5, i.e. logit > 0.
 */

/** Per-face predictions, struct-of-arrays. */
export interface AagnetFacePredictions {
  /** N. */
  readonly faceCount: number;
  /** argmax of the seg logits (first maximum on ties), per face. */
  readonly classIds: Uint8Array;
  /** softmax of the seg logits [N × 25]. */
  readonly probabilities: Float32Array;
  /** probability of the predicted class, per face. */
  readonly classProbability: Float32Array;
  /** 1 when sigmoid(bottom logit) > 0.5, per face. */
  readonly isBottom: Uint8Array;
  /** sigmoid(bottom logit), per face. */
  readonly bottomProbability: Float32Array;
}

/** One feature instance found by {@link groupAagnetInstances}. */
export interface AagnetInstance {
  readonly classId: number;
  readonly className: AagnetClassName;
  /** Face indices, ascending. */
  readonly faces: number[];
  /** The instance's faces with sigmoid(bottom) > 0.5, ascending. */
  readonly bottomFaces: number[];
  /**
   * Mean over the instance's faces of the softmax probability of the instance's class. (The
   * reference defines no instance confidence; this is cadlens' choice.)
   */
  readonly confidence: number;
}

/** Options of {@link groupAagnetInstances}. */
export interface GroupInstancesOptions {
  /**
   * Area centroids [N × 3] of the faces (any consistent unit; AAGNet's GUI uses the unscaled
   * solid). When given, the GUI's through-hole heuristic runs: a multi-face `through_hole`
   * proposal keeps only the faces whose centroid equals its first face's (every component within
   * {@link GroupInstancesOptions.centroidTolerance}); each other face becomes its own single-face
   * `through_hole` instance. All instances from such a split have no bottom faces.
   */
  faceCentroids?: ArrayLike<number>;
  /** @defaultValue 1e-6 */
  centroidTolerance?: number;
}

/** sigmoid in float64. @internal */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Row-wise softmax of a [rows × cols] matrix (numerically stable, computed in float64).
 * @param out optional caller-owned output of the same length.
 */
export function softmaxRows(
  logits: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array = new Float32Array(rows * cols),
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (logits[base + c] > max) max = logits[base + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(logits[base + c] - max);
    for (let c = 0; c < cols; c++) out[base + c] = Math.exp(logits[base + c] - max) / sum;
  }
  return out;
}

/** Index of the first maximum of `data[offset .. offset+count)`, relative to `offset`. @internal */
export function argmaxRange(data: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  let bestValue = data[offset];
  for (let i = 1; i < count; i++) {
    if (data[offset + i] > bestValue) {
      bestValue = data[offset + i];
      best = i;
    }
  }
  return best;
}

/**
 * Per-face class (argmax of the seg logits), class probabilities (softmax) and bottom flag
 * (sigmoid(bottom logit) > 0.5).
 * @example
 * ```ts
 * const p = decodeFacePredictions(await engine.run(inputs));
 * p.classIds[3]; // e.g. 14 (rectangular_pocket)
 * ```
 */
export function decodeFacePredictions(outputs: AagnetOutputs): AagnetFacePredictions {
  const n = outputs.faceCount;
  const c = AAGNET_NUM_CLASSES;
  const probabilities = softmaxRows(outputs.segLogits, n, c);
  const classIds = new Uint8Array(n);
  const classProbability = new Float32Array(n);
  const isBottom = new Uint8Array(n);
  const bottomProbability = new Float32Array(n);
  for (let f = 0; f < n; f++) {
    const k = argmaxRange(outputs.segLogits, f * c, c);
    classIds[f] = k;
    classProbability[f] = probabilities[f * c + k];
    const b = outputs.bottomLogits[f];
    isBottom[f] = b > 0 ? 1 : 0;
    bottomProbability[f] = sigmoid(b);
  }
  return { faceCount: n, classIds, probabilities, classProbability, isBottom, bottomProbability };
}

/**
 * The reference's greedy grouping of the instance affinity matrix, before classification.
 * A = (inst logit > 0); for each row r in order: skip if r is already used or row r is all zero;
 * otherwise the proposal is every column c with A[r][c] = 1 not yet used (r itself only if
 * A[r][r] = 1), and those faces become used. Empty proposals are dropped. Proposals are disjoint,
 * so the reference's set de-duplication has nothing to remove; they come out in order of r.
 */
export function proposeInstances(instLogits: Float32Array, faceCount: number): number[][] {
  const n = faceCount;
  const used = new Uint8Array(n);
  const proposals: number[][] = [];
  for (let r = 0; r < n; r++) {
    if (used[r]) continue;
    const row = r * n;
    let any = false;
    for (let c = 0; c < n; c++) {
      if (instLogits[row + c] > 0) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const faces: number[] = [];
    for (let c = 0; c < n; c++) if (instLogits[row + c] > 0 && !used[c]) faces.push(c);
    for (const c of faces) used[c] = 1;
    if (faces.length > 0) proposals.push(faces);
  }
  return proposals;
}

function meanProbability(probabilities: Float32Array, faces: readonly number[], classId: number): number {
  let s = 0;
  for (const f of faces) s += probabilities[f * AAGNET_NUM_CLASSES + classId];
  return faces.length > 0 ? s / faces.length : 0;
}

/**
 * Feature instances from the network outputs, as the reference's post-processing defines them:
 * greedy grouping ({@link proposeInstances}); class = argmax over classes of the summed raw seg
 * logits of the proposal's faces; proposals of class `stock` are dropped; bottom faces =
 * faces with sigmoid(bottom) > 0.5; optionally the GUI's through-hole split
 * ({@link GroupInstancesOptions.faceCentroids}). Faces in no instance are stock.
 *
 * @example
 * ```ts
 * for (const inst of groupAagnetInstances(out)) console.log(inst.className, inst.faces);
 * ```
 */
export function groupAagnetInstances(outputs: AagnetOutputs, options: GroupInstancesOptions = {}): AagnetInstance[] {
  const n = outputs.faceCount;
  const c = AAGNET_NUM_CLASSES;
  const probabilities = softmaxRows(outputs.segLogits, n, c);
  const sums = new Float64Array(c);
  const out: AagnetInstance[] = [];
  const centroids = options.faceCentroids;
  const tol = options.centroidTolerance ?? 1e-6;

  const make = (classId: number, faces: number[], withBottom: boolean): AagnetInstance => ({
    classId,
    className: aagnetClassName(classId),
    faces,
    bottomFaces: withBottom ? faces.filter((f) => outputs.bottomLogits[f] > 0) : [],
    confidence: meanProbability(probabilities, faces, classId),
  });

  for (const proposal of proposeInstances(outputs.instLogits, n)) {
    sums.fill(0);
    for (const f of proposal) for (let k = 0; k < c; k++) sums[k] += outputs.segLogits[f * c + k];
    const classId = argmaxRange(sums, 0, c);
    if (classId === AAGNET_STOCK_CLASS_ID) continue;
    if (classId === AAGNET_THROUGH_HOLE_CLASS_ID && centroids !== undefined && proposal.length > 1) {
      const f0 = proposal[0];
      const same: number[] = [];
      const others: number[] = [];
      for (const f of proposal) {
        let equal = true;
        for (let d = 0; d < 3; d++) if (Math.abs(centroids[f * 3 + d] - centroids[f0 * 3 + d]) > tol) equal = false;
        (equal ? same : others).push(f);
      }
      out.push(make(classId, same, false));
      for (const f of others) out.push(make(classId, [f], false));
      continue;
    }
    out.push(make(classId, proposal, true));
  }
  return out;
}
