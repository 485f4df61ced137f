/**
 * A compact bounding-volume hierarchy over triangle AABBs (struct-of-arrays, median split on the
 * longest centroid axis, iterative traversal). Built in O(n log n).
 * @internal
 */
export interface TriangleBvh {
  /** Six floats per node: min xyz, max xyz. */
  bounds: Float64Array;
  /** For inner nodes the left child (right = left + 1 is not assumed: see `right`); -1 for leaves. */
  left: Int32Array;
  right: Int32Array;
  /** Leaf range into `order`. */
  start: Int32Array;
  count: Int32Array;
  /** Triangle ids, grouped by leaf. */
  order: Uint32Array;
  nodeCount: number;
  /** AABB per triangle, six floats each. */
  triBounds: Float64Array;
}

const LEAF_SIZE = 6;

/** @internal */
export function buildTriangleBvh(positions: Float64Array, indices: Uint32Array): TriangleBvh {
  const n = indices.length / 3;
  const triBounds = new Float64Array(n * 6);
  const centroid = new Float64Array(n * 3);
  for (let t = 0; t < n; t++) {
    const a = indices[t * 3] * 3, b = indices[t * 3 + 1] * 3, c = indices[t * 3 + 2] * 3;
    for (let k = 0; k < 3; k++) {
      const pa = positions[a + k], pb = positions[b + k], pc = positions[c + k];
      const lo = pa < pb ? (pa < pc ? pa : pc) : pb < pc ? pb : pc;
      const hi = pa > pb ? (pa > pc ? pa : pc) : pb > pc ? pb : pc;
      triBounds[t * 6 + k] = lo;
      triBounds[t * 6 + 3 + k] = hi;
      centroid[t * 3 + k] = (lo + hi) * 0.5;
    }
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const maxNodes = Math.max(1, 2 * Math.ceil(n / LEAF_SIZE) * 2 + 1);
  const bounds = new Float64Array(maxNodes * 6);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const start = new Int32Array(maxNodes);
  const count = new Int32Array(maxNodes);
  let nodeCount = 0;
  // explicit stack of (node, lo, hi)
  const stack: number[] = [];
  const root = nodeCount++;
  stack.push(root, 0, n);
  while (stack.length) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const node = stack.pop()!;
    const o = node * 6;
    bounds[o] = bounds[o + 1] = bounds[o + 2] = Infinity;
    bounds[o + 3] = bounds[o + 4] = bounds[o + 5] = -Infinity;
    let cminX = Infinity, cminY = Infinity, cminZ = Infinity, cmaxX = -Infinity, cmaxY = -Infinity, cmaxZ = -Infinity;
    for (let i = lo; i < hi; i++) {
      const t = order[i];
      const tb = t * 6;
      for (let k = 0; k < 3; k++) {
        if (triBounds[tb + k] < bounds[o + k]) bounds[o + k] = triBounds[tb + k];
        if (triBounds[tb + 3 + k] > bounds[o + 3 + k]) bounds[o + 3 + k] = triBounds[tb + 3 + k];
      }
      const cx = centroid[t * 3], cy = centroid[t * 3 + 1], cz = centroid[t * 3 + 2];
      if (cx < cminX) cminX = cx; if (cx > cmaxX) cmaxX = cx;
      if (cy < cminY) cminY = cy; if (cy > cmaxY) cmaxY = cy;
      if (cz < cminZ) cminZ = cz; if (cz > cmaxZ) cmaxZ = cz;
    }
    if (hi - lo <= LEAF_SIZE) {
      start[node] = lo;
      count[node] = hi - lo;
      continue;
    }
    const ex = cmaxX - cminX, ey = cmaxY - cminY, ez = cmaxZ - cminZ;
    const axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    const mid = (lo + hi) >> 1;
    quickselect(order, centroid, axis, lo, hi - 1, mid);
    const l = nodeCount++;
    const r = nodeCount++;
    left[node] = l;
    right[node] = r;
    stack.push(l, lo, mid, r, mid, hi);
  }
  return { bounds, left, right, start, count, order, nodeCount, triBounds };
}

function quickselect(order: Uint32Array, centroid: Float64Array, axis: number, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    // median of three pivot
    const mid = (lo + hi) >> 1;
    const a = centroid[order[lo] * 3 + axis], b = centroid[order[mid] * 3 + axis], c = centroid[order[hi] * 3 + axis];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo, j = hi;
    while (i <= j) {
      while (centroid[order[i] * 3 + axis] < pivot) i++;
      while (centroid[order[j] * 3 + axis] > pivot) j--;
      if (i <= j) {
        const tmp = order[i]; order[i] = order[j]; order[j] = tmp;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * @internal
 * Call `visit(u)` for every triangle u whose AABB overlaps the box (min xyz, max xyz at `box[o..o+5]`).
 * `stack` is caller-owned scratch.
 */
export function queryBox(bvh: TriangleBvh, box: Float64Array, o: number, stack: Int32Array, visit: (u: number) => void): void {
  let sp = 0;
  stack[sp++] = 0;
  const b = bvh.bounds;
  const tb = bvh.triBounds;
  const x0 = box[o], y0 = box[o + 1], z0 = box[o + 2], x1 = box[o + 3], y1 = box[o + 4], z1 = box[o + 5];
  while (sp > 0) {
    const node = stack[--sp];
    const q = node * 6;
    if (b[q] > x1 || b[q + 3] < x0 || b[q + 1] > y1 || b[q + 4] < y0 || b[q + 2] > z1 || b[q + 5] < z0) continue;
    const l = bvh.left[node];
    if (l === -1) {
      const s = bvh.start[node], e = s + bvh.count[node];
      for (let i = s; i < e; i++) {
        const u = bvh.order[i];
        const p = u * 6;
        if (tb[p] > x1 || tb[p + 3] < x0 || tb[p + 1] > y1 || tb[p + 4] < y0 || tb[p + 2] > z1 || tb[p + 5] < z0) continue;
        visit(u);
      }
    } else {
      stack[sp++] = l;
      stack[sp++] = bvh.right[node];
    }
  }
}
