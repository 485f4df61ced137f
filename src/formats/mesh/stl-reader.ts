import type { MeshReadOptions, MeshReadResult, MeshReadWarning } from './mesh-read-types.js';
import {
  F64Builder,
  TextScanner,
  checkLimits,
  decodeText,
  finalizeIndexedMesh,
  meshError,
  mergeExactVertices,
  soupIndices,
  tolerate,
} from './mesh-assembly.js';

const HEADER_BYTES = 84;
const RECORD_BYTES = 50;

/**
 * True when the bytes look like a binary STL: the declared triangle count matches the size exactly,
 * or the file does not start with `solid` followed by a `facet` keyword. (Many binary STLs start with
 * `solid` in their 80-byte header, so the size check wins.)
 * @internal
 */
export function isBinaryStl(bytes: Uint8Array): boolean {
  if (bytes.length >= HEADER_BYTES) {
    const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
    if (HEADER_BYTES + count * RECORD_BYTES === bytes.length) return true;
  }
  const head = decodeText(bytes.subarray(0, Math.min(bytes.length, 1024))).trimStart().toLowerCase();
  if (!head.startsWith('solid')) return bytes.length >= HEADER_BYTES;
  return !/\bfacet\b|\bendsolid\b/.test(head) && bytes.length >= HEADER_BYTES;
}

/**
 * Read an STL file (binary or ASCII, detected from the bytes). Bit-identical vertices are merged so
 * the mesh is indexed; tolerance welding is left to healing.
 *
 * A binary header count that disagrees with the file size is tolerated (the size wins) and reported
 * as a `MESH_COUNT_MISMATCH` warning; NaN coordinates drop their triangles (`MESH_NON_FINITE`).
 *
 * @throws CadlensError `MESH_NO_TRIANGLES` (no usable triangle), `MESH_TOO_LARGE` (over
 * `maxTriangles`), `MESH_MALFORMED` (ASCII syntax), and in `strict` mode any tolerated problem.
 * @example
 * ```ts
 * const { mesh, warnings } = readStl(bytes);
 * ```
 */
export function readStl(bytes: Uint8Array, options: MeshReadOptions = {}): MeshReadResult {
  return isBinaryStl(bytes) ? readBinaryStl(bytes, options) : readAsciiStl(bytes, options);
}

/** Read a binary STL. See {@link readStl}. */
export function readBinaryStl(bytes: Uint8Array, options: MeshReadOptions = {}): MeshReadResult {
  const warnings: MeshReadWarning[] = [];
  if (bytes.length < HEADER_BYTES)
    throw meshError('MESH_MALFORMED', `binary STL needs at least ${HEADER_BYTES} bytes, got ${bytes.length}`, { bytes: bytes.length });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(80, true);
  const available = Math.floor((bytes.length - HEADER_BYTES) / RECORD_BYTES);
  let count = declared;
  if (declared !== available || (bytes.length - HEADER_BYTES) % RECORD_BYTES !== 0) {
    count = Math.min(declared, available);
    if (declared === 0 || declared > available) count = available;
    tolerate(
      warnings,
      options,
      'MESH_COUNT_MISMATCH',
      `header declares ${declared} triangles, file size holds ${available}` +
        ((bytes.length - HEADER_BYTES) % RECORD_BYTES ? ` (+${(bytes.length - HEADER_BYTES) % RECORD_BYTES} stray bytes)` : '') +
        `; reading ${count}`,
      Math.abs(declared - available),
    );
  }
  checkLimits(options, count, count * 3);
  if (count === 0) throw meshError('MESH_NO_TRIANGLES', 'binary STL has no triangles', { declared, bytes: bytes.length });
  const soup = new Float64Array(count * 9);
  for (let t = 0; t < count; t++) {
    const o = HEADER_BYTES + t * RECORD_BYTES + 12; // skip facet normal
    for (let k = 0; k < 9; k++) soup[t * 9 + k] = view.getFloat32(o + k * 4, true);
  }
  const header = headerText(bytes.subarray(0, 80));
  return { format: 'stl-binary', mesh: fromSoup(soup, options, warnings), warnings, header };
}

/** Read an ASCII STL. See {@link readStl}. */
export function readAsciiStl(bytes: Uint8Array, options: MeshReadOptions = {}): MeshReadResult {
  const warnings: MeshReadWarning[] = [];
  const text = decodeText(bytes);
  const sc = new TextScanner(text);
  const soup = new F64Builder(Math.min(1 << 20, Math.max(1024, bytes.length / 20)));
  const maxT = options.maxTriangles ?? 20_000_000;
  let header = '';
  let first = sc.token();
  if (first?.toLowerCase() !== 'solid') throw meshError('MESH_MALFORMED', 'ASCII STL must start with "solid"', { line: sc.line });
  const rest: string[] = [];
  for (let tok = sc.tokenOnLine(); tok !== null; tok = sc.tokenOnLine()) rest.push(tok);
  header = rest.join(' ').slice(0, 256);
  let inFacet = 0;
  let tris = 0;
  for (let tok = sc.token(); tok !== null; tok = sc.token()) {
    const key = tok.toLowerCase();
    if (key === 'vertex') {
      for (let k = 0; k < 3; k++) {
        const num = sc.tokenOnLine();
        if (num === null) throw meshError('MESH_MALFORMED', `vertex needs 3 numbers (line ${sc.line})`, { line: sc.line });
        const v = Number(num);
        if (Number.isNaN(v) && !/^[+-]?nan$/i.test(num))
          throw meshError('MESH_MALFORMED', `not a number in vertex (line ${sc.line})`, { line: sc.line });
        soup.push(v);
      }
      inFacet++;
    } else if (key === 'endfacet') {
      if (inFacet !== 3) throw meshError('MESH_MALFORMED', `facet with ${inFacet} vertices (line ${sc.line})`, { line: sc.line });
      inFacet = 0;
      if (++tris > maxT) checkLimits(options, tris, 0);
    } else if (key === 'endsolid') {
      while (sc.tokenOnLine() !== null);
    } else if (key === 'facet') {
      if (inFacet !== 0) throw meshError('MESH_MALFORMED', `facet not closed (line ${sc.line})`, { line: sc.line });
      // skip "normal nx ny nz"
      while (sc.tokenOnLine() !== null);
    } else if (key === 'outer' || key === 'loop' || key === 'endloop' || key === 'solid') {
      if (key === 'solid') while (sc.tokenOnLine() !== null);
    } else {
      throw meshError('MESH_MALFORMED', `unexpected token in ASCII STL (line ${sc.line})`, { line: sc.line });
    }
  }
  if (inFacet !== 0) throw meshError('MESH_MALFORMED', 'ASCII STL ends inside a facet', { line: sc.line });
  if (tris === 0) throw meshError('MESH_NO_TRIANGLES', 'ASCII STL has no facets', {});
  return { format: 'stl-ascii', mesh: fromSoup(soup.toArray(), options, warnings), warnings, header };
}

function fromSoup(soup: Float64Array, options: MeshReadOptions, warnings: MeshReadWarning[]) {
  if (options.mergeExactVertices === false) return finalizeIndexedMesh(soup, soupIndices(soup.length / 3), options, warnings);
  const { positions, indices } = mergeExactVertices(soup);
  return finalizeIndexedMesh(positions, indices, options, warnings);
}

function headerText(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length && bytes[i] !== 0; i++) {
    const c = bytes[i];
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : '?';
  }
  return s.trim().slice(0, 256);
}
