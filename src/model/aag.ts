/** Convexity of the B-Rep edge(s) between two faces, judged with a 5° smoothness threshold. */
export type Convexity = 'convex' | 'concave' | 'smooth' | 'unknown';

/** The threshold (radians) under which a dihedral angle counts as smooth: 5°. */
export const SMOOTH_ANGLE_RAD = (5 * Math.PI) / 180;

/** One undirected adjacency between two distinct faces. */
export interface AagArc {
  /** Lower face index. */
  a: number;
  /** Higher face index. */
  b: number;
  /**
   * Convexity from the outward face normals along the shared edge(s). When several edges join
   * the two faces, the value of the last one in explorer order (the AAGNet convention).
   */
  convexity: Convexity;
  /** Angle between the outward normals along the edge, in degrees (0 = tangent/smooth). */
  dihedralDeg: number;
  /** Total length (mm) of the shared edges. */
  lengthMm: number;
  /** Indices of the shared B-Rep edges (empty for mesh-derived adjacency). */
  edges: number[];
}

/**
 * The attributed adjacency graph: faces as nodes, one arc per adjacent face pair.
 * `neighbours[i]` lists the arc indices touching face i.
 */
export interface Aag {
  faceCount: number;
  arcs: AagArc[];
  neighbours: number[][];
  /**
   * Edges (indices into `Part.edges`) used by more than two distinct faces: non-manifold, so they add no
   * arc. Absent or empty when there are none (mesh-derived graphs leave it out).
   */
  nonManifoldEdges?: number[];
}
