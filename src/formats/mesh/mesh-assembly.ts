import { CadlensError } from '../../errors/index.js';
import type { MeshErrorCode } from '../../errors/index.js';
import type { PartMesh } from '../../model/index.js';
import type { MeshReadOptions, MeshReadWarning } from './mesh-read-types.js';

/** @internal */
export const DEFAULT_MAX_TRIANGLES = 20_000_000;
/** @internal */
export const DEFAULT_MAX_VERTICES = 30_000_000;

/** @internal Throw a permanent mesh error raised while parsing. */
export function meshError(code: MeshErrorCode, message: string, details: Record<string, unknown> = {}): CadlensError {
  return new CadlensError(code, message, { kind: 'permanent', stage: 'parse', details });
}

/** @internal Record a tolerated problem, or throw it in strict mode. */
export function tolerate(
  warnings: MeshReadWarning[],
  options: MeshReadOptions,
  code: MeshErrorCode,
  message: string,
  count: number,
): void {
  if (options.strict) throw meshError(code, message, { count });
  warnings.push({ code, message, count });
}

/** @internal Fail early when a declared count exceeds the configured limits. */
export function checkLimits(options: MeshReadOptions, triangles: number, vertices: number): void {
  const maxT = options.maxTriangles ?? DEFAULT_MAX_TRIANGLES;
  const maxV = options.maxVertices ?? DEFAULT_MAX_VERTICES;
  if (triangles > maxT)
    throw meshError('MESH_TOO_LARGE', `mesh has ${triangles} triangles, limit is ${maxT}`, { triangles, limit: maxT });
  if (vertices > maxV)
    throw meshError('MESH_TOO_LARGE', `mesh has ${vertices} vertices, limit is ${maxV}`, { vertices, limit: maxV });
}

/**
 * @internal
 * Drop triangles that reference a non-finite vertex or an out-of-range index, and unused vertices
 * are kept as-is. Throws `MESH_NO_TRIANGLES` when nothing is left.
 */
export function finalizeIndexedMesh(
  positions: Float64Array,
  indices: Uint32Array,
  options: MeshReadOptions,
  warnings: MeshReadWarning[],
  normals: Float32Array = new Float32Array(0),
): PartMesh {
  const vertexCount = positions.length / 3;
  const bad = new Uint8Array(vertexCount);
  let nonFiniteVertices = 0;
  for (let v = 0; v < vertexCount; v++) {
    const o = v * 3;
    if (!Number.isFinite(positions[o]) || !Number.isFinite(positions[o + 1]) || !Number.isFinite(positions[o + 2])) {
      bad[v] = 1;
      nonFiniteVertices++;
    }
  }
  if (nonFiniteVertices > 0)
    tolerate(warnings, options, 'MESH_NON_FINITE', `${nonFiniteVertices} vertices have NaN/Infinity coordinates; their triangles were dropped`, nonFiniteVertices);
  const triCount = indices.length / 3;
  let outOfRange = 0;
  let nonFiniteTris = 0;
  let keep = 0;
  const keepFlags = new Uint8Array(triCount);
  for (let t = 0; t < triCount; t++) {
    const a = indices[t * 3];
    const b = indices[t * 3 + 1];
    const c = indices[t * 3 + 2];
    if (a >= vertexCount || b >= vertexCount || c >= vertexCount) {
      outOfRange++;
      continue;
    }
    if (bad[a] || bad[b] || bad[c]) {
      nonFiniteTris++;
      continue;
    }
    keepFlags[t] = 1;
    keep++;
  }
  if (outOfRange > 0)
    tolerate(warnings, options, 'MESH_INDEX_OUT_OF_RANGE', `${outOfRange} triangles reference vertices that do not exist; dropped`, outOfRange);
  let out = indices;
  if (keep !== triCount) {
    out = new Uint32Array(keep * 3);
    let k = 0;
    for (let t = 0; t < triCount; t++) {
      if (!keepFlags[t]) continue;
      out[k++] = indices[t * 3];
      out[k++] = indices[t * 3 + 1];
      out[k++] = indices[t * 3 + 2];
    }
  }
  if (keep === 0)
    throw meshError('MESH_NO_TRIANGLES', 'the mesh has no usable triangles', {
      declaredTriangles: triCount,
      outOfRange,
      nonFinite: nonFiniteTris,
    });
  const triangleFace = new Int32Array(keep).fill(-1);
  return { positions, normals: normals.length === positions.length ? normals : new Float32Array(0), indices: out, triangleFace };
}

/**
 * @internal
 * Merge bit-identical vertices of a triangle soup (3 vertices per triangle) with an open-addressing
 * hash on the coordinate bits. Linear time.
 */
export function mergeExactVertices(soup: Float64Array): { positions: Float64Array; indices: Uint32Array } {
  const n = soup.length / 3;
  let cap = 1;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const words = new Uint32Array(soup.buffer, soup.byteOffset, soup.length * 2);
  const remap = new Uint32Array(n);
  const unique = new Int32Array(n); // unique vertex -> first soup vertex
  let uniqueCount = 0;
  for (let v = 0; v < n; v++) {
    const w = v * 6;
    let h = 2166136261;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ words[w + k], 16777619);
    // -0 and +0 hash differently; both are fine (exact bit identity).
    let slot = (h >>> 0) & mask;
    for (;;) {
      const u = table[slot];
      if (u === -1) {
        table[slot] = uniqueCount;
        unique[uniqueCount] = v;
        remap[v] = uniqueCount++;
        break;
      }
      const s = unique[u] * 3;
      const o = v * 3;
      if (soup[s] === soup[o] && soup[s + 1] === soup[o + 1] && soup[s + 2] === soup[o + 2]) {
        remap[v] = u;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const positions = new Float64Array(uniqueCount * 3);
  for (let u = 0; u < uniqueCount; u++) {
    const s = unique[u] * 3;
    positions[u * 3] = soup[s];
    positions[u * 3 + 1] = soup[s + 1];
    positions[u * 3 + 2] = soup[s + 2];
  }
  return { positions, indices: remap };
}

/** @internal Identity indices for a soup that is not merged. */
export function soupIndices(vertexCount: number): Uint32Array {
  const idx = new Uint32Array(vertexCount);
  for (let i = 0; i < vertexCount; i++) idx[i] = i;
  return idx;
}

/** @internal Bytes → string without Node APIs. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * @internal
 * A forward-only whitespace tokenizer over text with line tracking (no per-token regex).
 */
export class TextScanner {
  pos = 0;
  line = 1;
  constructor(readonly text: string) {}
  /** Next token on the current line, or null at end of line / input. Does not consume the newline. */
  tokenOnLine(): string | null {
    const t = this.text;
    let i = this.pos;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
    if (i >= t.length || t.charCodeAt(i) === 10) {
      this.pos = i;
      return null;
    }
    const start = i;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10) break;
      i++;
    }
    this.pos = i;
    return t.slice(start, i);
  }
  /** Skip to the start of the next line; false at end of input. */
  nextLine(): boolean {
    const i = this.text.indexOf('\n', this.pos);
    if (i < 0) {
      this.pos = this.text.length;
      return false;
    }
    this.pos = i + 1;
    this.line++;
    return true;
  }
  /** Next token across lines, or null at end. */
  token(): string | null {
    for (;;) {
      const tok = this.tokenOnLine();
      if (tok !== null) return tok;
      if (!this.nextLine()) return null;
    }
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
}

/** @internal Growable float64 buffer. */
export class F64Builder {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** @internal Growable uint32 buffer. */
export class U32Builder {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
