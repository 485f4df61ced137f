import type { MeshReadOptions, MeshReadResult, MeshReadWarning } from './mesh-read-types.js';
import { F64Builder, TextScanner, U32Builder, checkLimits, decodeText, finalizeIndexedMesh, meshError } from './mesh-assembly.js';

const INVALID = 0xffffffff;

/**
 * Read a Wavefront OBJ (`v` and `f` records; polygons are fan-triangulated, negative indices are
 * relative, texture/normal references and other records are ignored).
 *
 * @throws CadlensError `MESH_NO_TRIANGLES`, `MESH_MALFORMED` (bad numbers), `MESH_TOO_LARGE`; in
 * `strict` mode also `MESH_NON_FINITE` and `MESH_INDEX_OUT_OF_RANGE` (otherwise those triangles are
 * dropped with a warning).
 * @example
 * ```ts
 * const { mesh } = readObj(new TextEncoder().encode('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'));
 * ```
 */
export function readObj(bytes: Uint8Array, options: MeshReadOptions = {}): MeshReadResult {
  const warnings: MeshReadWarning[] = [];
  const sc = new TextScanner(decodeText(bytes));
  const pos = new F64Builder();
  const idx = new U32Builder();
  const maxT = options.maxTriangles ?? 20_000_000;
  const maxV = options.maxVertices ?? 30_000_000;
  const poly: number[] = [];
  let vertexCount = 0;
  let header = '';
  do {
    const key = sc.tokenOnLine();
    if (key === null) continue;
    if (key === 'v') {
      for (let k = 0; k < 3; k++) {
        const tok = sc.tokenOnLine();
        const v = tok === null ? NaN : Number(tok);
        if (tok === null || (Number.isNaN(v) && !/^[+-]?nan$/i.test(tok)))
          throw meshError('MESH_MALFORMED', `vertex needs 3 numbers (line ${sc.line})`, { line: sc.line });
        pos.push(v);
      }
      if (++vertexCount > maxV) checkLimits(options, 0, vertexCount);
    } else if (key === 'f') {
      poly.length = 0;
      for (let tok = sc.tokenOnLine(); tok !== null; tok = sc.tokenOnLine()) {
        const slash = tok.indexOf('/');
        const raw = Number(slash < 0 ? tok : tok.slice(0, slash));
        if (!Number.isInteger(raw) || raw === 0) {
          poly.push(INVALID);
          continue;
        }
        const i = raw > 0 ? raw - 1 : vertexCount + raw;
        poly.push(i < 0 ? INVALID : i);
      }
      if (poly.length < 3) throw meshError('MESH_MALFORMED', `face with fewer than 3 vertices (line ${sc.line})`, { line: sc.line });
      for (let k = 1; k + 1 < poly.length; k++) {
        idx.push(poly[0]);
        idx.push(poly[k]);
        idx.push(poly[k + 1]);
      }
      if (idx.length / 3 > maxT) checkLimits(options, idx.length / 3, 0);
    } else if (key.startsWith('#') && header.length < 256) {
      header += sc.text.slice(sc.pos - key.length + 1, sc.text.indexOf('\n', sc.pos) < 0 ? undefined : sc.text.indexOf('\n', sc.pos)).trim() + ' ';
    }
  } while (sc.nextLine());
  if (idx.length === 0) throw meshError('MESH_NO_TRIANGLES', 'OBJ has no faces', { vertices: vertexCount });
  const mesh = finalizeIndexedMesh(pos.toArray(), idx.toArray(), options, warnings);
  return { format: 'obj', mesh, warnings, header: header.trim().slice(0, 256) };
}
