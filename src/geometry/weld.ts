/**
 * Vertex welding with a spatial hash, and closedness checks on welded triangle meshes.
 */

/** Result of {@link weldVertices}. */
export interface WeldResult {
  /** For each input vertex, the index of its welded representative (0 … count-1). */
  remap: Uint32Array;
  /** Number of distinct welded vertices. */
  count: number;
  /** xyz of each representative (the first input vertex that created it). */
  positions: Float64Array;
  /** For each representative, the input vertex that created it. */
  firsts: Uint32Array;
}

/** 32-bit integer hash of two ints (murmur3 finaliser style). @internal */
export function mixHash2(a: number, b: number): number {
  let h = Math.imul(a, 0xcc9e2d51) ^ Math.imul(b ^ (b >>> 16), 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Options of {@link weldVertices}. */
export interface WeldOptions {
  /** Only these vertices take part (1 = include); the others get `remap` 0xFFFFFFFF. @defaultValue all */
  include?: Uint8Array;
}

/**
 * Merge vertices closer than `toleranceMm` (first come, first served: each vertex joins an earlier
 * representative within tolerance). Cells are 2 × tolerance, so a vertex probes only the 1–8 cells its
 * tolerance ball touches, in an open-addressing table sized once: linear time and no per-vertex
 * allocation, also on million-vertex triangle soups (healing). A tolerance ≤ 0 merges exactly equal
 * positions only.
 *
 * @example
 * ```ts
 * const { remap, count } = weldVertices(mesh.positions, 1e-6 * diagonal);
 * ```
 */
export function weldVertices(positions: ArrayLike<number>, toleranceMm: number, options: WeldOptions = {}): WeldResult {
  const p = positions;
  const n = Math.floor(p.length / 3);
  const include = options.include;
  const tol = toleranceMm > 0 && Number.isFinite(toleranceMm) ? toleranceMm : 0;
  const tol2 = tol * tol;
  const inv = tol > 0 ? 1 / (2 * tol) : 0;
  let cap = 1;
  while (cap < n * 2 + 16) cap <<= 1;
  const mask = cap - 1;
  const keyX = new Float64Array(cap);
  const keyY = new Float64Array(cap);
  const keyZ = new Float64Array(cap);
  const head = new Int32Array(cap).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const remap = new Uint32Array(n).fill(0xffffffff);
  const firsts = new Uint32Array(n);
  // Cell coordinates can exceed 32 bits for far-away points: fold the high part into the hash.
  const hash = (cx: number, cy: number, cz: number) =>
    mixHash2(mixHash2(cx | 0, cy | 0) ^ Math.floor(cx / 4294967296), (cz | 0) ^ Math.imul(Math.floor(cy / 4294967296), 31)) & mask;
  const find = (cx: number, cy: number, cz: number): number => {
    let slot = hash(cx, cy, cz);
    for (;;) {
      if (head[slot] === -1) return -1 - slot;
      if (keyX[slot] === cx && keyY[slot] === cy && keyZ[slot] === cz) return slot;
      slot = (slot + 1) & mask;
    }
  };
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (include && !include[v]) continue;
    const x = p[v * 3], y = p[v * 3 + 1], z = p[v * 3 + 2];
    let found = -1;
    if (tol > 0) {
      const x0 = Math.floor((x - tol) * inv), x1 = Math.floor((x + tol) * inv);
      const y0 = Math.floor((y - tol) * inv), y1 = Math.floor((y + tol) * inv);
      const z0 = Math.floor((z - tol) * inv), z1 = Math.floor((z + tol) * inv);
      search: for (let cx = x0; cx <= x1; cx++)
        for (let cy = y0; cy <= y1; cy++)
          for (let cz = z0; cz <= z1; cz++) {
            const s = find(cx, cy, cz);
            if (s < 0) continue;
            for (let r = head[s]; r !== -1; r = next[r]) {
              const ex = p[r * 3] - x, ey = p[r * 3 + 1] - y, ez = p[r * 3 + 2] - z;
              if (ex * ex + ey * ey + ez * ez <= tol2) {
                found = r;
                break search;
              }
            }
          }
    } else {
      const s = find(x, y, z);
      if (s >= 0) found = head[s];
    }
    if (found >= 0) {
      remap[v] = remap[found];
      continue;
    }
    const cx = tol > 0 ? Math.floor(x * inv) : x, cy = tol > 0 ? Math.floor(y * inv) : y, cz = tol > 0 ? Math.floor(z * inv) : z;
    let s = find(cx, cy, cz);
    if (s < 0) {
      s = -1 - s;
      keyX[s] = cx;
      keyY[s] = cy;
      keyZ[s] = cz;
    }
    next[v] = head[s];
    head[s] = v;
    firsts[count] = v;
    remap[v] = count++;
  }
  const out = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    const v = firsts[i];
    out[i * 3] = p[v * 3];
    out[i * 3 + 1] = p[v * 3 + 1];
    out[i * 3 + 2] = p[v * 3 + 2];
  }
  return { remap, count, positions: out, firsts: firsts.slice(0, count) };
}

/** Edge-use statistics of a welded triangle set (see {@link checkClosed}). */
export interface ClosednessReport {
  /** Every undirected edge is used by exactly two triangles, once in each direction. */
  closed: boolean;
  /** Edges used by exactly one triangle. */
  boundaryEdges: number;
  /** Edges used by more than two triangles, or twice in the same direction. */
  badEdges: number;
  /** Triangles skipped because two of their welded corners coincide. */
  degenerateTriangles: number;
}

/**
 * Check that triangles `firstTri … firstTri+count-1` (corners mapped through `remap`) form a closed,
 * consistently oriented surface.
 */
export function checkClosed(indices: ArrayLike<number>, remap: ArrayLike<number>, firstTri = 0, count = indices.length / 3): ClosednessReport {
  // key = lo * 2^26 + hi would overflow for huge meshes; use a string-free two-level map via a Map<number, …>
  // on lo*M+hi with M = vertex count bound (exact up to 2^53).
  let maxV = 0;
  const end = firstTri + count;
  for (let t = 3 * firstTri; t < 3 * end; t++) if (remap[indices[t]] > maxV) maxV = remap[indices[t]];
  const M = maxV + 1;
  // value: uses in +direction (lo→hi) in low 16 bits, uses in −direction in high bits
  const uses = new Map<number, number>();
  let degenerate = 0;
  for (let t = firstTri; t < end; t++) {
    const a = remap[indices[3 * t]], b = remap[indices[3 * t + 1]], c = remap[indices[3 * t + 2]];
    if (a === b || b === c || c === a) {
      degenerate++;
      continue;
    }
    for (let k = 0; k < 3; k++) {
      const p = k === 0 ? a : k === 1 ? b : c;
      const q = k === 0 ? b : k === 1 ? c : a;
      const key = p < q ? p * M + q : q * M + p;
      const inc = p < q ? 1 : 65536;
      uses.set(key, (uses.get(key) ?? 0) + inc);
    }
  }
  let boundary = 0;
  let bad = 0;
  for (const v of uses.values()) {
    const fwd = v & 0xffff;
    const bwd = Math.floor(v / 65536);
    if (fwd === 1 && bwd === 1) continue;
    if (fwd + bwd === 1) boundary++;
    else bad++;
  }
  return { closed: boundary === 0 && bad === 0 && uses.size > 0, boundaryEdges: boundary, badEdges: bad, degenerateTriangles: degenerate };
}
