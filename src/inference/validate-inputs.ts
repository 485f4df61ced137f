import { CadlensError } from '../errors/index.js';
import {
  AAGNET_EDGE_ATTR_DIM,
  AAGNET_FACE_ATTR_DIM,
  AAGNET_GRID_STRIDE,
  DEFAULT_MAX_EDGES,
  DEFAULT_MAX_FACES,
  type AagnetInputs,
} from './inference-engine.js';

/** Size limits checked by {@link validateAagnetInputs}. */
export interface AagnetInputLimits {
  /** @defaultValue {@link DEFAULT_MAX_FACES} (1000) */
  maxFaces?: number;
  /** @defaultValue {@link DEFAULT_MAX_EDGES} (12000) */
  maxEdges?: number;
}

function bad(message: string, details: Record<string, unknown>): CadlensError {
  return new CadlensError('INFERENCE_BAD_INPUT', message, { stage: 'recognize', details });
}

function checkLength(name: string, actual: number, expected: number): void {
  if (actual !== expected)
    throw bad(`${name} has ${actual} values, expected ${expected}`, { tensor: name, actual, expected });
}

function checkFinite(name: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    // v - v is NaN for NaN and ±Infinity, 0 otherwise: one comparison per value.
    if (v - v !== 0) throw bad(`${name}[${i}] is ${v}; inputs must be finite`, { tensor: name, index: i, value: String(v) });
  }
}

/**
 * Check one part's AAGNet inputs before they reach onnxruntime: sizes, array lengths, finite
 * values (no NaN or ±Infinity anywhere), and edge endpoints inside 0..N-1.
 *
 * @throws CadlensError `GRAPH_TOO_LARGE` (kind `permanent`) when N or E exceeds the limits;
 *   `INFERENCE_BAD_INPUT` (kind `permanent`) for anything malformed, with the tensor name and
 *   flat index in `details`.
 * @example
 * ```ts
 * validateAagnetInputs(inputs, { maxFaces: 500 });
 * ```
 */
export function validateAagnetInputs(inputs: AagnetInputs, limits: AagnetInputLimits = {}): void {
  const maxFaces = limits.maxFaces ?? DEFAULT_MAX_FACES;
  const maxEdges = limits.maxEdges ?? DEFAULT_MAX_EDGES;
  const n = inputs.faceCount;
  const e = inputs.edgeCount;
  if (!Number.isInteger(n) || n < 1) throw bad(`faceCount must be a positive integer, got ${n}`, { faceCount: n });
  if (!Number.isInteger(e) || e < 0) throw bad(`edgeCount must be a non-negative integer, got ${e}`, { edgeCount: e });
  if (n > maxFaces)
    throw new CadlensError('GRAPH_TOO_LARGE', `graph has ${n} faces, the limit is ${maxFaces}`, {
      stage: 'recognize',
      details: { faceCount: n, maxFaces },
    });
  if (e > maxEdges)
    throw new CadlensError('GRAPH_TOO_LARGE', `graph has ${e} directed edges, the limit is ${maxEdges}`, {
      stage: 'recognize',
      details: { edgeCount: e, maxEdges },
    });
  checkLength('faceAttr', inputs.faceAttr.length, n * AAGNET_FACE_ATTR_DIM);
  checkLength('faceGrid', inputs.faceGrid.length, n * AAGNET_GRID_STRIDE);
  checkLength('edgeIndex', inputs.edgeIndex.length, 2 * e);
  checkLength('edgeAttr', inputs.edgeAttr.length, e * AAGNET_EDGE_ATTR_DIM);
  checkFinite('faceAttr', inputs.faceAttr);
  checkFinite('faceGrid', inputs.faceGrid);
  checkFinite('edgeAttr', inputs.edgeAttr);
  const bigN = BigInt(n);
  const idx = inputs.edgeIndex;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v < 0n || v >= bigN)
      throw bad(`edgeIndex[${i}] = ${v} is not a face index in 0..${n - 1}`, { tensor: 'edgeIndex', index: i, value: String(v) });
  }
}
