/**
 * The triangle mesh of a Part (from occt-import-js, or the input mesh), struct-of-arrays.
 * Coordinates in mm. Triangles of face i are `faces[i].triangles.first … first+count-1`.
 */
export interface PartMesh {
  /** xyz per vertex. */
  positions: Float64Array;
  /** Unit normals per vertex (may be empty when the source has none). */
  normals: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
  /**
   * Per-triangle owning face index (-1 when no face), so kernels need not search ranges.
   */
  triangleFace: Int32Array;
}

/** Number of triangles in a mesh. */
export function triangleCount(mesh: PartMesh): number {
  return mesh.indices.length / 3;
}

/** An empty mesh. */
export function emptyMesh(): PartMesh {
  return {
    positions: new Float64Array(0),
    normals: new Float32Array(0),
    indices: new Uint32Array(0),
    triangleFace: new Int32Array(0),
  };
}
