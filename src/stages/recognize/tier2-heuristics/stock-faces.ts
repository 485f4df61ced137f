/**
 * Stock detection: a face belongs to the raw stock when it lies on a supporting plane of the part
 * (every boundary point is on its inner side: a bbox or convex-hull plane), or, for turned stock, is a
 * convex cylinder that encloses every point.
 * @internal
 */
import type { FeatureGraph } from './feature-graph.js';

/** Relative tolerance (× bbox diagonal) for "on the supporting plane". */
export const STOCK_TOLERANCE = 1e-4;

/** `isStock[i]` for every face of the graph. */
export function findStockFaces(g: FeatureGraph): boolean[] {
  const tol = STOCK_TOLERANCE * (g.diagonalMm || 1);
  const p = g.points;
  return g.faces.map((f) => {
    if (f.kind === 'plane' && f.normal) {
      const [nx, ny, nz] = f.normal;
      const d = f.origin[0] * nx + f.origin[1] * ny + f.origin[2] * nz;
      for (let i = 0; i < p.length; i += 3) if (p[i] * nx + p[i + 1] * ny + p[i + 2] * nz - d > tol) return false;
      return true;
    }
    if (f.kind === 'cylinder' && f.axis && f.radius !== null && !f.inward) {
      const [ax, ay, az] = f.axis;
      const r = f.radius + tol;
      for (let i = 0; i < p.length; i += 3) {
        const dx = p[i] - f.origin[0], dy = p[i + 1] - f.origin[1], dz = p[i + 2] - f.origin[2];
        const t = dx * ax + dy * ay + dz * az;
        if (dx * dx + dy * dy + dz * dz - t * t > r * r) return false;
      }
      return true;
    }
    return false;
  });
}
