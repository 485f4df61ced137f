import type { MeshReadOptions, MeshReadResult, MeshReadWarning, PointReadResult } from './mesh-read-types.js';
import { F64Builder, TextScanner, U32Builder, checkLimits, decodeText, finalizeIndexedMesh, meshError, tolerate } from './mesh-assembly.js';

/** A PLY file is either a mesh (it has faces) or a point cloud. */
export type PlyReadResult = ({ kind: 'mesh' } & MeshReadResult) | ({ kind: 'points' } & PointReadResult & { header: string });

type ScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
interface PlyProperty {
  name: string;
  type: ScalarType;
  /** Set for list properties: the count's type. */
  countType?: ScalarType;
}
interface PlyElement {
  name: string;
  count: number;
  props: PlyProperty[];
}

const TYPE_ALIASES: Record<string, ScalarType> = {
  char: 'int8', int8: 'int8', uchar: 'uint8', uint8: 'uint8', short: 'int16', int16: 'int16',
  ushort: 'uint16', uint16: 'uint16', int: 'int32', int32: 'int32', uint: 'uint32', uint32: 'uint32',
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64',
};
const TYPE_SIZE: Record<ScalarType, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 };

/**
 * Read a PLY file, `ascii` or `binary_little_endian` (big-endian is refused with
 * `MESH_UNSUPPORTED_FORMAT`). Uses the `vertex` element's `x y z` (and `nx ny nz` when present)
 * and the `face` element's `vertex_indices`/`vertex_index` list (polygons fan-triangulated). A file
 * without faces is returned as a point cloud.
 *
 * Declared element counts larger than the data are tolerated: what is there is read and a
 * `MESH_COUNT_MISMATCH` warning says so (allocation is bounded by the file size, never by the header).
 *
 * @throws CadlensError `MESH_MALFORMED` (header), `MESH_UNSUPPORTED_FORMAT`, `MESH_TOO_LARGE`,
 * `MESH_NO_POINTS`, `MESH_NO_TRIANGLES` (faces declared but none usable); in `strict` mode any
 * tolerated problem.
 */
export function readPly(bytes: Uint8Array, options: MeshReadOptions = {}): PlyReadResult {
  const warnings: MeshReadWarning[] = [];
  const { elements, format, dataOffset, comments } = parseHeader(bytes);
  const vertexEl = elements.find((e) => e.name === 'vertex');
  const faceEl = elements.find((e) => e.name === 'face');
  if (!vertexEl) throw meshError('MESH_MALFORMED', 'PLY has no vertex element', {});
  const faceCount = faceEl?.count ?? 0;
  checkLimits(options, faceCount, vertexEl.count);
  const ix = vertexEl.props.findIndex((p) => p.name === 'x');
  const iy = vertexEl.props.findIndex((p) => p.name === 'y');
  const iz = vertexEl.props.findIndex((p) => p.name === 'z');
  if (ix < 0 || iy < 0 || iz < 0) throw meshError('MESH_MALFORMED', 'PLY vertex element lacks x, y or z', {});
  const inx = vertexEl.props.findIndex((p) => p.name === 'nx');
  const iny = vertexEl.props.findIndex((p) => p.name === 'ny');
  const inz = vertexEl.props.findIndex((p) => p.name === 'nz');
  const hasNormals = inx >= 0 && iny >= 0 && inz >= 0;
  const faceProp = faceEl ? faceEl.props.findIndex((p) => (p.name === 'vertex_indices' || p.name === 'vertex_index') && p.countType) : -1;
  if (faceEl && faceEl.count > 0 && faceProp < 0) throw meshError('MESH_MALFORMED', 'PLY face element lacks a vertex_indices list', {});

  const pos = new F64Builder(Math.min(vertexEl.count * 3, bytes.length));
  const nrm = new F64Builder(hasNormals ? Math.min(vertexEl.count * 3, bytes.length) : 16);
  const idx = new U32Builder(Math.min(faceCount * 3, bytes.length));
  const source: RecordSource = format === 'ascii' ? asciiSource(bytes, dataOffset) : binarySource(bytes, dataOffset);
  let truncated = '';
  const row: number[] = [];
  outer: for (const el of elements) {
    if (el.props.length === 0) continue;
    for (let r = 0; r < el.count; r++) {
      row.length = 0;
      for (const p of el.props) {
        if (p.countType) {
          const n = source.read(p.countType);
          if (n === null) { truncated = `${el.name} ${r} of ${el.count}`; break outer; }
          if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw meshError('MESH_MALFORMED', `bad list length ${n} in ${el.name} ${r}`, {});
          if (el === faceEl && p === faceEl.props[faceProp]) {
            const poly: number[] = [];
            for (let k = 0; k < n; k++) {
              const v = source.read(p.type);
              if (v === null) { truncated = `${el.name} ${r} of ${el.count}`; break outer; }
              poly.push(Number.isInteger(v) && v >= 0 ? v : 0xffffffff);
            }
            if (poly.length < 3) throw meshError('MESH_MALFORMED', `face ${r} has fewer than 3 vertices`, { face: r });
            for (let k = 1; k + 1 < poly.length; k++) { idx.push(poly[0]); idx.push(poly[k]); idx.push(poly[k + 1]); }
          } else {
            for (let k = 0; k < n; k++) if (source.read(p.type) === null) { truncated = `${el.name} ${r} of ${el.count}`; break outer; }
          }
          row.push(NaN);
        } else {
          const v = source.read(p.type);
          if (v === null) { truncated = `${el.name} ${r} of ${el.count}`; break outer; }
          row.push(v);
        }
      }
      if (el === vertexEl) {
        pos.push(row[ix]); pos.push(row[iy]); pos.push(row[iz]);
        if (hasNormals) { nrm.push(row[inx]); nrm.push(row[iny]); nrm.push(row[inz]); }
      }
      source.endRecord();
    }
  }
  if (truncated)
    tolerate(warnings, options, 'MESH_COUNT_MISMATCH', `PLY data ends early (at ${truncated}); header counts are larger than the data`, 1);
  const header = comments.join(' ').slice(0, 256);
  const positions = pos.toArray();
  const normals = hasNormals ? new Float32Array(nrm.toArray()) : new Float32Array(0);
  if (faceCount === 0) {
    let nonFinite = 0;
    for (let i = 0; i < positions.length; i += 3)
      if (!Number.isFinite(positions[i]) || !Number.isFinite(positions[i + 1]) || !Number.isFinite(positions[i + 2])) nonFinite++;
    let p = positions;
    let n = normals;
    if (nonFinite) {
      tolerate(warnings, options, 'MESH_NON_FINITE', `${nonFinite} points have NaN/Infinity coordinates; skipped`, nonFinite);
      const keep: number[] = [];
      for (let i = 0; i < positions.length / 3; i++)
        if (Number.isFinite(positions[i * 3]) && Number.isFinite(positions[i * 3 + 1]) && Number.isFinite(positions[i * 3 + 2])) keep.push(i);
      p = new Float64Array(keep.length * 3);
      n = hasNormals ? new Float32Array(keep.length * 3) : n;
      keep.forEach((v, j) => { for (let k = 0; k < 3; k++) { p[j * 3 + k] = positions[v * 3 + k]; if (hasNormals) n[j * 3 + k] = normals[v * 3 + k]; } });
    }
    if (p.length === 0) throw meshError('MESH_NO_POINTS', 'PLY has no usable points', {});
    return { kind: 'points', format: format === 'ascii' ? 'ply-ascii' : 'ply-binary-le', points: { positions: p, normals: n }, warnings, header };
  }
  if (idx.length === 0) throw meshError('MESH_NO_TRIANGLES', 'PLY declares faces but none could be read', { declared: faceCount });
  const mesh = finalizeIndexedMesh(positions, idx.toArray(), options, warnings, normals);
  return { kind: 'mesh', format: format === 'ascii' ? 'ply-ascii' : 'ply-binary-le', mesh, warnings, header };
}

interface RecordSource {
  /** Next scalar, or null when the data is exhausted. */
  read(type: ScalarType): number | null;
  endRecord(): void;
}

function asciiSource(bytes: Uint8Array, offset: number): RecordSource {
  const sc = new TextScanner(decodeText(bytes.subarray(offset)));
  return {
    read() {
      const tok = sc.token();
      if (tok === null) return null;
      const v = Number(tok);
      if (Number.isNaN(v) && !/^[+-]?nan$/i.test(tok)) throw meshError('MESH_MALFORMED', `not a number in PLY data (data line ${sc.line})`, { line: sc.line });
      return v;
    },
    endRecord() {
      // ASCII PLY records are whitespace separated; line structure is not required.
    },
  };
}

function binarySource(bytes: Uint8Array, offset: number): RecordSource {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  return {
    read(type) {
      const size = TYPE_SIZE[type];
      if (at + size > bytes.length) return null;
      let v: number;
      switch (type) {
        case 'int8': v = view.getInt8(at); break;
        case 'uint8': v = view.getUint8(at); break;
        case 'int16': v = view.getInt16(at, true); break;
        case 'uint16': v = view.getUint16(at, true); break;
        case 'int32': v = view.getInt32(at, true); break;
        case 'uint32': v = view.getUint32(at, true); break;
        case 'float32': v = view.getFloat32(at, true); break;
        default: v = view.getFloat64(at, true);
      }
      at += size;
      return v;
    },
    endRecord() {},
  };
}

function parseHeader(bytes: Uint8Array): { elements: PlyElement[]; format: 'ascii' | 'binary_little_endian'; dataOffset: number; comments: string[] } {
  const limit = Math.min(bytes.length, 64 * 1024);
  const head = decodeText(bytes.subarray(0, limit));
  const m = /end_header[ \t]*\r?\n/.exec(head);
  if (!head.startsWith('ply') || !m) throw meshError('MESH_MALFORMED', 'not a PLY file (no "ply" magic or end_header in the first 64 KiB)', {});
  // The header is ASCII, so character offsets equal byte offsets.
  const dataOffset = m.index + m[0].length;
  const lines = head.slice(0, m.index).split(/\r?\n/);
  let format: 'ascii' | 'binary_little_endian' | null = null;
  const elements: PlyElement[] = [];
  const comments: string[] = [];
  for (const raw of lines.slice(1)) {
    const parts = raw.trim().split(/\s+/);
    if (parts[0] === 'format') {
      if (parts[1] === 'ascii' || parts[1] === 'binary_little_endian') format = parts[1];
      else throw meshError('MESH_UNSUPPORTED_FORMAT', `PLY format "${String(parts[1]).slice(0, 32)}" is not supported (ascii, binary_little_endian are)`, {});
    } else if (parts[0] === 'element') {
      const count = Number(parts[2]);
      if (!Number.isSafeInteger(count) || count < 0) throw meshError('MESH_MALFORMED', `bad element count "${String(parts[2]).slice(0, 32)}"`, {});
      elements.push({ name: parts[1], count, props: [] });
    } else if (parts[0] === 'property') {
      const el = elements[elements.length - 1];
      if (!el) throw meshError('MESH_MALFORMED', 'PLY property before any element', {});
      if (parts[1] === 'list') {
        const countType = TYPE_ALIASES[parts[2]];
        const type = TYPE_ALIASES[parts[3]];
        if (!countType || !type) throw meshError('MESH_MALFORMED', `unknown PLY type in "${raw.slice(0, 64)}"`, {});
        el.props.push({ name: parts[4], type, countType });
      } else {
        const type = TYPE_ALIASES[parts[1]];
        if (!type) throw meshError('MESH_MALFORMED', `unknown PLY type in "${raw.slice(0, 64)}"`, {});
        el.props.push({ name: parts[2], type });
      }
    } else if (parts[0] === 'comment' || parts[0] === 'obj_info') {
      comments.push(parts.slice(1).join(' '));
    } else if (parts[0] !== '') {
      throw meshError('MESH_MALFORMED', `unexpected PLY header line "${raw.slice(0, 64)}"`, {});
    }
  }
  if (!format) throw meshError('MESH_MALFORMED', 'PLY header has no format line', {});
  return { elements, format, dataOffset, comments };
}
