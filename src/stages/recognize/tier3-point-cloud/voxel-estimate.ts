/**
 * @internal
 * Rough surface area and volume of a sampled closed surface on a voxel grid (edge `h`):
 * - area: Σ over occupied voxels of h² / (|nx| + |ny| + |nz|) with the voxel's mean normal (a
 *   plane crosses about that many voxels per h² of area), or h² / 1.5 without normals;
 * - volume: voxels not reachable from outside (6-connected flood fill) plus half the occupied ones,
 *   × h³, after closing one-voxel gaps of sparse sampling. `closedShell` is false when the
 *   fill still leaks everywhere (too sparse for this h).
 */
export function voxelEstimate(p: Float64Array, normals: Float64Array | null, h: number): { areaMm2: number; volumeMm3: number; closedShell: boolean; voxelMm: number } {
  const n = p.length / 3;
  const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3)
    for (let k = 0; k < 3; k++) {
      if (p[i + k] < min[k]) min[k] = p[i + k];
      if (p[i + k] > max[k]) max[k] = p[i + k];
    }
  // two empty layers around the box (one is taken by the dilation below)
  const dims = [0, 1, 2].map((k) => Math.floor((max[k] - min[k]) / h) + 5);
  const total = dims[0] * dims[1] * dims[2];
  const occ = new Uint8Array(total);
  const nsum = normals ? new Float32Array(total * 3) : null;
  const at = (i: number, j: number, k: number) => (k * dims[1] + j) * dims[0] + i;
  for (let q = 0; q < n; q++) {
    const i = Math.floor((p[q * 3] - min[0]) / h) + 2;
    const j = Math.floor((p[q * 3 + 1] - min[1]) / h) + 2;
    const k = Math.floor((p[q * 3 + 2] - min[2]) / h) + 2;
    const c = at(i, j, k);
    occ[c] = 1;
    if (nsum && normals) {
      // accumulate with a consistent sign so unoriented normals do not cancel
      const nx = normals[q * 3], ny = normals[q * 3 + 1], nz = normals[q * 3 + 2];
      const s = nsum[c * 3] * nx + nsum[c * 3 + 1] * ny + nsum[c * 3 + 2] * nz < 0 ? -1 : 1;
      nsum[c * 3] += s * nx;
      nsum[c * 3 + 1] += s * ny;
      nsum[c * 3 + 2] += s * nz;
    }
  }
  let area = 0;
  let surface = 0;
  for (let c = 0; c < total; c++) {
    if (!occ[c]) continue;
    surface++;
    if (nsum) {
      const x = nsum[c * 3], y = nsum[c * 3 + 1], z = nsum[c * 3 + 2];
      const l = Math.hypot(x, y, z);
      area += l > 0 ? (h * h) / ((Math.abs(x) + Math.abs(y) + Math.abs(z)) / l) : (h * h) / 1.5;
    } else area += (h * h) / 1.5;
  }
  // close pin-holes of sparse sampling: flood the outside on the occupancy dilated by one voxel
  // (26-neighbourhood), then give the outside back the one-voxel ring it lost to the dilation
  const blocked = new Uint8Array(total);
  for (let k = 1; k < dims[2] - 1; k++)
    for (let j = 1; j < dims[1] - 1; j++)
      for (let i = 1; i < dims[0] - 1; i++) {
        const c = at(i, j, k);
        if (!occ[c]) continue;
        for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) blocked[at(i + di, j + dj, k + dk)] = 1;
      }
  const outside = new Uint8Array(total);
  const stack = new Int32Array(total);
  let sp = 0;
  stack[sp++] = 0;
  outside[0] = 1;
  const neighbours = (c: number, out: number[]) => {
    const i = c % dims[0];
    const j = Math.floor(c / dims[0]) % dims[1];
    const k = Math.floor(c / (dims[0] * dims[1]));
    out.length = 0;
    if (i > 0) out.push(c - 1);
    if (i < dims[0] - 1) out.push(c + 1);
    if (j > 0) out.push(c - dims[0]);
    if (j < dims[1] - 1) out.push(c + dims[0]);
    if (k > 0) out.push(c - dims[0] * dims[1]);
    if (k < dims[2] - 1) out.push(c + dims[0] * dims[1]);
  };
  const nb: number[] = [];
  while (sp > 0) {
    const c = stack[--sp];
    neighbours(c, nb);
    for (const d of nb) {
      if (outside[d] || blocked[d]) continue;
      outside[d] = 1;
      stack[sp++] = d;
    }
  }
  // give back the dilation ring: empty voxels next to the outside
  const ring: number[] = [];
  for (let c = 0; c < total; c++) {
    if (outside[c] || occ[c]) continue;
    neighbours(c, nb);
    if (nb.some((d) => outside[d])) ring.push(c);
  }
  for (const c of ring) outside[c] = 1;
  let outCount = 0;
  for (let c = 0; c < total; c++) outCount += outside[c];
  const interior = total - outCount - surface;
  return { areaMm2: area, volumeMm3: (interior + surface / 2) * h * h * h, closedShell: interior > 0, voxelMm: h };
}
