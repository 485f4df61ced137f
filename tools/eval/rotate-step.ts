/**
 * Rotate the geometry of a STEP file about the origin by rewriting its 3-D `CARTESIAN_POINT`s
 * (as points) and `DIRECTION`s (as vectors). Everything else (topology, parameter-space PCURVE
 * geometry, which uses 2-D points and directions, scalar radii and lengths) is rotation-invariant
 * and left as written, so the result is the same solid, rotated.
 */
const ENTITY = /\b(CARTESIAN_POINT|DIRECTION)\s*\(\s*('(?:[^']|'')*')\s*,\s*\(([^()]*)\)\s*\)/g;

/** Format a number as a STEP REAL (always with a decimal point). */
export function stepReal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as a STEP real`);
  return x.toExponential(16).toUpperCase(); // e.g. 1.2345678901234567E+1
}

/**
 * @param r row-major 3×3 rotation
 * @returns the rotated file text and how many points / directions were rewritten
 */
export function rotateStepText(text: string, r: readonly number[]): { text: string; points: number; directions: number } {
  let points = 0;
  let directions = 0;
  const out = text.replace(ENTITY, (whole, type: string, name: string, coords: string) => {
    const parts = coords.split(',');
    if (parts.length !== 3) return whole; // 2-D (parameter space): unchanged
    const v = parts.map((p) => Number(p.trim()));
    if (v.some((x) => !Number.isFinite(x))) throw new Error(`unreadable coordinates in ${whole}`);
    const x = r[0] * v[0] + r[1] * v[1] + r[2] * v[2];
    const y = r[3] * v[0] + r[4] * v[1] + r[5] * v[2];
    const z = r[6] * v[0] + r[7] * v[1] + r[8] * v[2];
    if (type === 'CARTESIAN_POINT') points++;
    else directions++;
    return `${type}(${name},(${stepReal(x)},${stepReal(y)},${stepReal(z)}))`;
  });
  return { text: out, points, directions };
}
