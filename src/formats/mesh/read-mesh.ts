import type { MeshFormat, MeshReadOptions, MeshReadResult, PointReadResult } from './mesh-read-types.js';
import { decodeText, meshError } from './mesh-assembly.js';
import { readStl } from './stl-reader.js';
import { readObj } from './obj-reader.js';
import { readPly } from './ply-reader.js';
import { readXyz } from './xyz-reader.js';

/** The result of {@link readMeshInput}: a triangle mesh or a point cloud. */
export type MeshInput = ({ kind: 'mesh' } & MeshReadResult) | ({ kind: 'points' } & PointReadResult);

/** File-type hint for {@link readMeshInput}. */
export type MeshFormatHint = 'stl' | 'obj' | 'ply' | 'xyz';

/**
 * Guess the mesh/point format from the first bytes (and the file name's extension when given).
 * Returns null when it does not look like any of them.
 * @example
 * ```ts
 * detectMeshFormat(bytes, 'part.stl'); // 'stl'
 * ```
 */
export function detectMeshFormat(bytes: Uint8Array, fileName?: string): MeshFormatHint | null {
  const head = decodeText(bytes.subarray(0, Math.min(bytes.length, 512)));
  if (head.startsWith('ply\n') || head.startsWith('ply\r\n')) return 'ply';
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'stl' || ext === 'obj' || ext === 'ply' || ext === 'xyz') return ext;
  if (ext === 'pts' || ext === 'txt' || ext === 'asc') return 'xyz';
  if (/^\s*solid\b/i.test(head)) return 'stl';
  if (/^(\s*(#[^\n]*)?\n)*\s*(v|vn|vt|o|g|mtllib)\s/m.test(head)) return 'obj';
  if (/^\s*[-+]?[\d.]+([eE][-+]?\d+)?[\s,;]+[-+]?[\d.]+([eE][-+]?\d+)?[\s,;]+[-+]?[\d.]/.test(head)) return 'xyz';
  if (bytes.length >= 84) {
    const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
    if (84 + count * 50 === bytes.length) return 'stl';
  }
  return null;
}

/**
 * Read STL, OBJ, PLY or XYZ bytes into a mesh or a point cloud (browser-safe: bytes in, typed
 * arrays out).
 *
 * @throws CadlensError `MESH_UNSUPPORTED_FORMAT` when the format cannot be recognised, and the
 * codes of the individual readers (`MESH_MALFORMED`, `MESH_NO_TRIANGLES`, `MESH_NO_POINTS`,
 * `MESH_TOO_LARGE`, …).
 * @example
 * ```ts
 * const input = readMeshInput(bytes, { fileName: 'bracket.stl' });
 * if (input.kind === 'mesh') console.log(input.mesh.indices.length / 3, input.warnings);
 * ```
 */
export function readMeshInput(
  bytes: Uint8Array,
  options: MeshReadOptions & { fileName?: string; format?: MeshFormatHint } = {},
): MeshInput {
  const format = options.format ?? detectMeshFormat(bytes, options.fileName);
  switch (format) {
    case 'stl':
      return { kind: 'mesh', ...readStl(bytes, options) };
    case 'obj':
      return { kind: 'mesh', ...readObj(bytes, options) };
    case 'ply': {
      const r = readPly(bytes, options);
      if (r.kind === 'mesh') return r;
      return { kind: 'points', format: r.format, points: r.points, warnings: r.warnings };
    }
    case 'xyz':
      return { kind: 'points', ...readXyz(bytes, options) };
    default:
      throw meshError('MESH_UNSUPPORTED_FORMAT', 'input is not STL, OBJ, PLY or XYZ', { bytes: bytes.length });
  }
}

/** @internal Map a reader format to the Part's input format. */
export function toInputFormat(format: MeshFormat): 'stl' | 'obj' | 'ply' | 'xyz' {
  if (format === 'stl-binary' || format === 'stl-ascii') return 'stl';
  if (format === 'ply-ascii' || format === 'ply-binary-le') return 'ply';
  return format;
}
