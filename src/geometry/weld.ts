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
}

const P1 = 73856093;
const P2 = 19349663;
const P3 = 83492791;

/**
 * Merge vertices closer than `toleranceMm` (first come, first served: each vertex joins the first earlier
 * representative within tolerance). A uniform grid with cell size = tolerance is hashed into buckets;
 * each lookup checks the 27 surrounding cells, so the cost is O(n) for well-spread meshes.
 *
 * @example
 * ```ts
 * const { remap, count } = weldVertices(mesh.positions, 1e-6 * diagonal);
 * ```
 */
export function weldVertices(positions: ArrayLike<number>, toleranceMm: number): WeldResult {
  const n = Math.floor(positions.length / 3);
  const remap = new Uint32Array(n);
  const repPos = new Float64Array(n * 3);
  const tol = toleranceMm > 0 && Number.isFinite(toleranceMm) ? toleranceMm : 1e-9;
  const inv = 1 / tol;
  const tol2 = tol * tol;
  // bucket heads keyed by hashed cell; chains through `next` over representatives
  const heads = new Map<number, number>();
  const next = new Int32Array(n).fill(-1);
  const repCell = new Float64Array(n * 3);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    const cx = Math.floor(x * inv), cy = Math.floor(y * inv), cz = Math.floor(z * inv);
    let found = -1;
    for (let dx = -1; dx <= 1 && found < 0; dx++) {
      for (let dy = -1; dy <= 1 && found < 0; dy++) {
        for (let dz = -1; dz <= 1 && found < 0; dz++) {
          const kx = cx + dx, ky = cy + dy, kz = cz + dz;
          let r = heads.get(((kx * P1) ^ (ky * P2) ^ (kz * P3)) | 0);
          while (r !== undefined && r >= 0) {
            if (repCell[3 * r] === kx && repCell[3 * r + 1] === ky && repCell[3 * r + 2] === kz) {
              const ex = repPos[3 * r] - x, ey = repPos[3 * r + 1] - y, ez = repPos[3 * r + 2] - z;
              if (ex * ex + ey * ey + ez * ez <= tol2) {
                found = r;
                break;
              }
            }
            r = next[r];
          }
        }
      }
    }
    if (found >= 0) {
      remap[i] = found;
      continue;
    }
    const id = count++;
    repPos[3 * id] = x;
    repPos[3 * id + 1] = y;
    repPos[3 * id + 2] = z;
    repCell[3 * id] = cx;
    repCell[3 * id + 1] = cy;
    repCell[3 * id + 2] = cz;
    const key = ((cx * P1) ^ (cy * P2) ^ (cz * P3)) | 0;
    const h = heads.get(key);
    next[id] = h === undefined ? -1 : h;
    heads.set(key, id);
    remap[i] = id;
  }
  return { remap, count, positions: repPos.slice(0, count * 3) };
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
