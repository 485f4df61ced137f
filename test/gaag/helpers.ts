import { existsSync, readFileSync } from 'node:fs';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import type { Part } from '../../src/model/index.js';
import { SHARED_DIR } from '../support/shared-data.js';

/** The project's shared data (`CADLENS_SHARED_DIR`, else ../shared), absent on machines without it. */
export const SHARED = SHARED_DIR;
export const AAGNET_DIR = `${SHARED}/models/aagnet`;
export const hasShared = existsSync(`${AAGNET_DIR}/partA.step`);
export const SKIP_REASON = `shared data not found at ${SHARED} (needs models/aagnet; set CADLENS_SHARED_DIR)`;

/** Minimal .npy (v1/v2, little-endian float32, C order) reader. */
export function readNpyFloat32(path: string): { shape: number[]; data: Float32Array } {
  const b = readFileSync(path);
  if (b.subarray(1, 6).toString('latin1') !== 'NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = b[6];
  const hl = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const hdr = b.subarray(start, start + hl).toString('latin1');
  if (!/'descr': '<f4'/.test(hdr) || /'fortran_order': True/.test(hdr)) throw new Error(`${path}: expected little-endian float32 C order, got ${hdr}`);
  const shape = hdr.match(/'shape': \(([^)]*)\)/)![1].split(',').filter((x) => x.trim()).map(Number);
  const off = start + hl;
  const bytes = b.subarray(off);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return { shape, data };
}

export function loadPart(path: string): Part {
  return buildPartFromStep(readStep(readFileSync(path)));
}
