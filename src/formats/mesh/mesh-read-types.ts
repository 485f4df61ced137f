import type { PartMesh } from '../../model/index.js';
import type { MeshErrorCode } from '../../errors/index.js';

/** Mesh and point-cloud file formats the readers understand. */
export type MeshFormat = 'stl-binary' | 'stl-ascii' | 'obj' | 'ply-ascii' | 'ply-binary-le' | 'xyz';

/** Options shared by every mesh reader. */
export interface MeshReadOptions {
  /**
   * Largest number of triangles accepted before the read fails with `MESH_TOO_LARGE`.
   * @defaultValue 20_000_000
   */
  maxTriangles?: number;
  /**
   * Largest number of vertices (or points) accepted before the read fails with `MESH_TOO_LARGE`.
   * @defaultValue 30_000_000
   */
  maxVertices?: number;
  /**
   * When true, any bad record (non-finite coordinate, out-of-range index, header count that
   * disagrees with the data) throws instead of being dropped with a warning.
   * @defaultValue false
   */
  strict?: boolean;
  /**
   * Merge bit-identical vertices of triangle-soup formats (STL). Lossless; tolerance-based welding
   * is a healing step (`healMesh`).
   * @defaultValue true
   */
  mergeExactVertices?: boolean;
}

/** Something the reader tolerated and dropped or repaired; never silent. */
export interface MeshReadWarning {
  code: MeshErrorCode;
  message: string;
  /** How many records (triangles, vertices, bytes) it concerns. */
  count: number;
}

/** What a mesh reader returns. */
export interface MeshReadResult {
  format: MeshFormat;
  mesh: PartMesh;
  warnings: MeshReadWarning[];
  /** Free-text header or comment (STL 80-byte header, PLY comments), log-safe, capped at 256 chars. */
  header: string;
}

/** A point cloud: positions (mm) and optional per-point normals. */
export interface PointCloud {
  positions: Float64Array;
  /** xyz per point, or empty when the source has none. */
  normals: Float32Array;
}

/** What a point reader returns. */
export interface PointReadResult {
  format: MeshFormat;
  points: PointCloud;
  warnings: MeshReadWarning[];
}
