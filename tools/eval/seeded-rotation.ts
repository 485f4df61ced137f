/** Seeded uniform random rotations (for rotated copies of evaluation parts). */

export { createSeededRandom as mulberry32 } from '../../src/geometry/seeded-random.js';

/**
 * A uniformly distributed rotation (Shoemake's method: uniform unit quaternion), as a row-major
 * 3×3 matrix.
 */
export function randomRotation(random: () => number): number[] {
  const u1 = random();
  const u2 = random() * 2 * Math.PI;
  const u3 = random() * 2 * Math.PI;
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const [x, y, z, w] = [a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3)];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/** Angle (degrees) of a rotation matrix. */
export function rotationAngleDeg(r: readonly number[]): number {
  const c = Math.min(1, Math.max(-1, (r[0] + r[4] + r[8] - 1) / 2));
  return (Math.acos(c) * 180) / Math.PI;
}
