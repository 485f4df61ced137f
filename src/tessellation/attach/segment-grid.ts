/**
 * @internal A uniform grid over line segments (an occt face's triangulation boundary in a body frame), so that the
 * segments near a point are found without testing them all: the face mapping asks, per Part face, whether each
 * of its edge witnesses lies near the boundary of an occt face, and a large face has thousands of both.
 * The grid only narrows the candidates; the caller tests them exactly as it would test every segment, so the
 * answers do not change.
 */

/** A segment whose box spans more cells than this is kept in a list every query returns. */
const MAX_CELLS_PER_SEGMENT = 64;
/** A query whose box spans more cells than this returns every segment. */
const MAX_QUERY_CELLS = 64;

export interface SegmentGrid {
  /**
   * Calls `visit(s)` for every segment s (an index into the pairs of `segments`) whose box overlaps the cube of
   * half-side `radius` (padded for rounding) around (x, y, z) — a superset of the segments within `radius` of the
   * point — each once; stops when `visit` returns true. Returns whether a visit returned true.
   */
  someNear(x: number, y: number, z: number, radius: number, visit: (s: number) => boolean): boolean;
}

/**
 * The grid over segments given as pairs of point indices (`segments[2s]`, `segments[2s + 1]`) into `points`
 * (xyz triples). The cell size is twice the mean segment length: a boundary curve occupies about as many cells
 * as it has segments.
 */
export function buildSegmentGrid(points: Float64Array, segments: Uint32Array): SegmentGrid {
  const count = segments.length >> 1;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let length = 0;
  for (let s = 0; s < count; s++) {
    const a = 3 * segments[2 * s], b = 3 * segments[2 * s + 1];
    for (let k = 0; k < 3; k++) {
      const p = points[a + k], q = points[b + k];
      lo[k] = Math.min(lo[k], p, q);
      hi[k] = Math.max(hi[k], p, q);
    }
    length += Math.hypot(points[b] - points[a], points[b + 1] - points[a + 1], points[b + 2] - points[a + 2]);
  }
  const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const cell = Math.max((2 * length) / Math.max(count, 1), extent * 1e-6, 1e-12);
  const n = [0, 1, 2].map((k) => Math.floor((hi[k] - lo[k]) / cell) + 1);
  const index = (c: number, k: number) => Math.floor((c - lo[k]) / cell);
  const key = (ix: number, iy: number, iz: number) => ix + n[0] * (iy + n[1] * iz);
  const cells = new Map<number, number[]>();
  const everywhere: number[] = [];
  for (let s = 0; s < count; s++) {
    const a = 3 * segments[2 * s], b = 3 * segments[2 * s + 1];
    const i0 = [0, 0, 0], i1 = [0, 0, 0];
    let span = 1;
    for (let k = 0; k < 3; k++) {
      i0[k] = index(Math.min(points[a + k], points[b + k]), k);
      i1[k] = index(Math.max(points[a + k], points[b + k]), k);
      span *= i1[k] - i0[k] + 1;
    }
    if (!(span <= MAX_CELLS_PER_SEGMENT)) {
      everywhere.push(s);
      continue;
    }
    for (let iz = i0[2]; iz <= i1[2]; iz++)
      for (let iy = i0[1]; iy <= i1[1]; iy++)
        for (let ix = i0[0]; ix <= i1[0]; ix++) {
          const k = key(ix, iy, iz);
          const list = cells.get(k);
          if (list) list.push(s);
          else cells.set(k, [s]);
        }
  }
  const stamp = new Uint32Array(count);
  let query = 0;
  return {
    someNear(x, y, z, radius, visit) {
      query++;
      if (query === 0xffffffff) {
        stamp.fill(0);
        query = 1;
      }
      const p = [x, y, z];
      // padded: a distance computed as ≤ radius may belong to a point a few ulps outside the exact cube
      const r = radius * (1 + 1e-6) + 1e-9 * (Math.abs(x) + Math.abs(y) + Math.abs(z) + extent + 1);
      const q0 = [0, 0, 0], q1 = [0, 0, 0];
      let span = 1;
      for (let k = 0; k < 3; k++) {
        q0[k] = Math.max(0, index(p[k] - r, k));
        q1[k] = Math.min(n[k] - 1, index(p[k] + r, k));
        if (q1[k] < q0[k]) span = 0;
        else span *= q1[k] - q0[k] + 1;
      }
      for (const s of everywhere) {
        stamp[s] = query;
        if (visit(s)) return true;
      }
      if (!(span <= MAX_QUERY_CELLS)) {
        // a point far outside the segments' box gives a span of 0 above; a huge radius or NaN lands here
        for (let s = 0; s < count; s++) if (stamp[s] !== query && visit(s)) return true;
        return false;
      }
      for (let iz = q0[2]; iz <= q1[2]; iz++)
        for (let iy = q0[1]; iy <= q1[1]; iy++)
          for (let ix = q0[0]; ix <= q1[0]; ix++) {
            const list = cells.get(key(ix, iy, iz));
            if (!list) continue;
            for (const s of list) {
              if (stamp[s] === query) continue;
              stamp[s] = query;
              if (visit(s)) return true;
            }
          }
      return false;
    },
  };
}
