/**
 * @internal The box of `pts` (xyz…) turned by the row-major 3×3 rotation `r` (null: as they are), min and max per
 * axis; NaN coordinates never win a comparison, so they are skipped. Used by the stock envelope (Tier 1) and
 * Tier 2's supporting faces. A loop of its own over scalars: it runs over every
 * boundary point of the part, and as closures called per point in rarely called functions it ran unoptimized
 * for its first calls.
 */
export function rotatedBox(pts: Float64Array, r: ArrayLike<number> | null): { min: number[]; max: number[] } {
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (let i = 0; i < pts.length; i += 3) {
    const x = pts[i], y = pts[i + 1], z = pts[i + 2];
    const px = r ? r[0] * x + r[1] * y + r[2] * z : x;
    const py = r ? r[3] * x + r[4] * y + r[5] * z : y;
    const pz = r ? r[6] * x + r[7] * y + r[8] * z : z;
    if (px < x0) x0 = px;
    if (px > x1) x1 = px;
    if (py < y0) y0 = py;
    if (py > y1) y1 = py;
    if (pz < z0) z0 = pz;
    if (pz > z1) z1 = pz;
  }
  return { min: [x0, y0, z0], max: [x1, y1, z1] };
}
