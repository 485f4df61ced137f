import { createHash } from 'node:crypto';
import type { AagnetInputs } from '../../src/inference/index.js';

/** sha256 of a graph's input bytes: a fixture records it, so a test can tell "the extractor changed" from "the model changed". */
export function aagnetInputsHash(x: AagnetInputs): string {
  const h = createHash('sha256');
  h.update(`${x.faceCount},${x.edgeCount};`);
  for (const a of [x.faceAttr, x.faceGrid, x.edgeIndex, x.edgeAttr]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}
