import type { MeshReadOptions, MeshReadWarning, PointReadResult } from './mesh-read-types.js';
import { F64Builder, TextScanner, checkLimits, decodeText, meshError, tolerate } from './mesh-assembly.js';

/**
 * Read an XYZ point file: one point per line, `x y z` (separated by spaces, tabs, commas or
 * semicolons), optionally followed by `nx ny nz` (other trailing columns are ignored). Lines
 * starting with `#` or `//` and a header line without numbers are skipped.
 *
 * @throws CadlensError `MESH_NO_POINTS`, `MESH_TOO_LARGE`; in `strict` mode also
 * `MESH_NON_FINITE` / `MESH_MALFORMED` for lines that would otherwise be dropped with a warning.
 * @example
 * ```ts
 * const { points } = readXyz(new TextEncoder().encode('0 0 0\n1 0 0\n'));
 * ```
 */
export function readXyz(bytes: Uint8Array, options: MeshReadOptions = {}): PointReadResult {
  const warnings: MeshReadWarning[] = [];
  const text = decodeText(bytes).replace(/[,;]/g, ' ');
  const sc = new TextScanner(text);
  const pos = new F64Builder();
  const nrm = new F64Builder();
  const maxV = options.maxVertices ?? 30_000_000;
  let count = 0;
  let withNormals = 0;
  let malformed = 0;
  let nonFinite = 0;
  const vals: number[] = [];
  do {
    vals.length = 0;
    let first = sc.tokenOnLine();
    if (first === null || first.startsWith('#') || first.startsWith('//')) continue;

    for (let tok: string | null = first; tok !== null && vals.length < 6; tok = sc.tokenOnLine()) {
      if (/^[+-]?(nan|inf|infinity)$/i.test(tok)) {
        vals.push(Infinity);

      } else vals.push(Number(tok));
    }
    if (vals.length < 3 || vals.slice(0, 3).some((v) => Number.isNaN(v))) {
      if (count > 0 || vals.some((v) => !Number.isNaN(v))) malformed++;
      continue;
    }
    if (!vals.slice(0, 3).every(Number.isFinite)) {
      nonFinite++;
      continue;
    }
    pos.push(vals[0]);
    pos.push(vals[1]);
    pos.push(vals[2]);
    const hasN = vals.length >= 6 && vals.slice(3, 6).every(Number.isFinite);
    nrm.push(hasN ? vals[3] : NaN);
    nrm.push(hasN ? vals[4] : NaN);
    nrm.push(hasN ? vals[5] : NaN);
    if (hasN) withNormals++;
    if (++count > maxV) checkLimits(options, 0, count);
  } while (sc.nextLine());
  if (malformed) tolerate(warnings, options, 'MESH_MALFORMED', `${malformed} lines are not "x y z"; skipped`, malformed);
  if (nonFinite) tolerate(warnings, options, 'MESH_NON_FINITE', `${nonFinite} points have NaN/Infinity coordinates; skipped`, nonFinite);
  if (count === 0) throw meshError('MESH_NO_POINTS', 'XYZ file has no points', {});
  const normals = withNormals === count ? new Float32Array(nrm.toArray()) : new Float32Array(0);
  return { format: 'xyz', points: { positions: pos.toArray(), normals }, warnings };
}
