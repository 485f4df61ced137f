/**
 * @internal
 * A uniform grid over points (cell size `cellMm`), CSR layout: `cellStart[c]…cellStart[c+1]` index
 * `cellPoints`. Cells are addressed by integer coordinates inside the points' box.
 */
export interface PointGrid {
  cellMm: number;
  min: [number, number, number];
  dims: [number, number, number];
  cellStart: Int32Array;
  cellPoints: Int32Array;
}

/** @internal */
export function buildPointGrid(p: Float64Array, cellMm: number): PointGrid {
  const n = p.length / 3;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3)
    for (let k = 0; k < 3; k++) {
      if (p[i + k] < min[k]) min[k] = p[i + k];
      if (p[i + k] > max[k]) max[k] = p[i + k];
    }
  let cell = cellMm;
  // keep the grid at most ~2M cells
  for (;;) {
    const d = [0, 1, 2].map((k) => Math.floor((max[k] - min[k]) / cell) + 1);
    if (d[0] * d[1] * d[2] <= 2_000_000) break;
    cell *= 1.5;
  }
  const dims = [0, 1, 2].map((k) => Math.floor((max[k] - min[k]) / cell) + 1) as [number, number, number];
  const cellOf = new Int32Array(n);
  const cellStart = new Int32Array(dims[0] * dims[1] * dims[2] + 1);
  for (let i = 0; i < n; i++) {
    const c = cellIndex(p[i * 3], p[i * 3 + 1], p[i * 3 + 2], min, dims, cell);
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < cellStart.length - 1; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, -1);
  const cellPoints = new Int32Array(n);
  for (let i = 0; i < n; i++) cellPoints[fill[cellOf[i]]++] = i;
  return { cellMm: cell, min, dims, cellStart, cellPoints };
}

/** @internal */
export function cellIndex(x: number, y: number, z: number, min: number[], dims: number[], cell: number): number {
  const i = Math.min(dims[0] - 1, Math.max(0, Math.floor((x - min[0]) / cell)));
  const j = Math.min(dims[1] - 1, Math.max(0, Math.floor((y - min[1]) / cell)));
  const k = Math.min(dims[2] - 1, Math.max(0, Math.floor((z - min[2]) / cell)));
  return (k * dims[1] + j) * dims[0] + i;
}

/** @internal Visit the points in the 27 cells around point i. */
export function forNeighbours(g: PointGrid, p: Float64Array, i: number, visit: (j: number) => void): void {
  const ci = Math.min(g.dims[0] - 1, Math.floor((p[i * 3] - g.min[0]) / g.cellMm));
  const cj = Math.min(g.dims[1] - 1, Math.floor((p[i * 3 + 1] - g.min[1]) / g.cellMm));
  const ck = Math.min(g.dims[2] - 1, Math.floor((p[i * 3 + 2] - g.min[2]) / g.cellMm));
  for (let dk = -1; dk <= 1; dk++) {
    const k = ck + dk;
    if (k < 0 || k >= g.dims[2]) continue;
    for (let dj = -1; dj <= 1; dj++) {
      const j = cj + dj;
      if (j < 0 || j >= g.dims[1]) continue;
      for (let di = -1; di <= 1; di++) {
        const ii = ci + di;
        if (ii < 0 || ii >= g.dims[0]) continue;
        const c = (k * g.dims[1] + j) * g.dims[0] + ii;
        for (let s = g.cellStart[c]; s < g.cellStart[c + 1]; s++) visit(g.cellPoints[s]);
      }
    }
  }
}
