import { buildPointGrid, forNeighbours } from './point-grid.js';
import { symmetricEigen3 } from './pca-obb.js';

/**
 * @internal
 * Unoriented normals by local PCA: for each point, the neighbours within `radiusMm` (grid cells of
 * that size) give a covariance whose smallest eigenvector is the normal. Points with fewer than 5
 * neighbours get a zero normal.
 */
export function estimateNormals(p: Float64Array, radiusMm: number): Float64Array {
  const n = p.length / 3;
  const grid = buildPointGrid(p, radiusMm);
  const r2 = grid.cellMm * grid.cellMm;
  const out = new Float64Array(n * 3);
  const cov = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    let count = 0, mx = 0, my = 0, mz = 0;
    let sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
    const px = p[i * 3], py = p[i * 3 + 1], pz = p[i * 3 + 2];
    forNeighbours(grid, p, i, (j) => {
      const dx = p[j * 3] - px, dy = p[j * 3 + 1] - py, dz = p[j * 3 + 2] - pz;
      if (dx * dx + dy * dy + dz * dz > r2) return;
      count++;
      mx += dx; my += dy; mz += dz;
      sxx += dx * dx; sxy += dx * dy; sxz += dx * dz; syy += dy * dy; syz += dy * dz; szz += dz * dz;
    });
    if (count < 5) continue;
    mx /= count; my /= count; mz /= count;
    cov[0][0] = sxx / count - mx * mx; cov[0][1] = cov[1][0] = sxy / count - mx * my; cov[0][2] = cov[2][0] = sxz / count - mx * mz;
    cov[1][1] = syy / count - my * my; cov[1][2] = cov[2][1] = syz / count - my * mz; cov[2][2] = szz / count - mz * mz;
    const { vectors } = symmetricEigen3(cov);
    out[i * 3] = vectors[2][0];
    out[i * 3 + 1] = vectors[2][1];
    out[i * 3 + 2] = vectors[2][2];
  }
  return out;
}
