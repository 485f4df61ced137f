/** Every kind of fix (or report-only finding) the healer records. */
export type HealingFixKind =
  | 'remove_invalid_triangles'
  | 'weld_vertices'
  | 'remove_degenerate_triangles'
  | 'split_needle_neighbours'
  | 'remove_duplicate_triangles'
  | 'remove_intersecting_components'
  | 'remove_intersecting_triangles'
  | 'orient_consistent'
  | 'orient_outward'
  | 'fill_holes'
  | 'split_non_manifold_vertices'
  | 'remove_unused_vertices'
  | 'report_non_manifold_edges'
  | 'report_unfilled_holes'
  | 'report_unresolved_self_intersections'
  | 'report_non_orientable_edges';

/** What a location list in a fix refers to. */
export type HealingUnit = 'vertices' | 'triangles' | 'edges' | 'holes' | 'components' | 'pairs';

/** One healing step: what it did, how many, and where (capped). */
export interface HealingFix {
  kind: HealingFixKind;
  /** True for findings that were only reported, not repaired. */
  reportOnly: boolean;
  count: number;
  unit: HealingUnit;
  /**
   * Where: input vertex or triangle indices for welds and removals (`-1` = a triangle created by
   * an earlier fix); output vertex indices for filled holes; capped at `maxLocations`.
   */
  where: number[];
  /** True when `where` was capped. */
  whereTruncated: boolean;
  detail?: string;
}

/** Mesh validity counts before and after healing. */
export interface MeshFindings {
  triangles: number;
  vertices: number;
  /** Edges used by exactly one triangle. */
  boundaryEdges: number;
  /** Edges used by three or more triangles. */
  nonManifoldEdges: number;
  /** Vertices whose triangle fan falls into several pieces. */
  nonManifoldVertices: number;
  /** Two-triangle edges traversed in the same direction by both. */
  inconsistentEdges: number;
  /** Triangles with a repeated vertex or zero area. */
  degenerateTriangles: number;
  /** Triangles with the same three vertices as an earlier one. */
  duplicateTriangles: number;
  /**
   * Intersecting or touching triangle pairs (not sharing a vertex); null when not measured. In a
   * healing report's `before`, counted after welding (an unwelded soup touches everywhere).
   */
  selfIntersectingPairs: number | null;
  /** Edge-connected components. */
  components: number;
  /** Every edge used by exactly two triangles. */
  watertight: boolean;
  /** Watertight and no inconsistent edge. */
  consistentlyOriented: boolean;
  /** Signed volume (mm³); meaningful when watertight. */
  signedVolumeMm3: number;
}

/** The healing report: every fix counted, never silent. */
export interface HealingReport {
  /** False when healing was disabled (the mesh is returned unchanged). */
  enabled: boolean;
  fixes: HealingFix[];
  /** Sum of counts over fixes that changed the mesh. */
  totalFixes: number;
  before: MeshFindings;
  after: MeshFindings;
  options: Required<Omit<HealOptions, 'signal'>>;
}

/** Options of `healMesh`. */
export interface HealOptions {
  /** Set false to skip healing (the report still carries the findings). @defaultValue true */
  enabled?: boolean;
  /** Vertices closer than this are welded. @defaultValue 0.0001 */
  weldToleranceMm?: number;
  /** Holes with more boundary edges than this are reported, not filled. @defaultValue 256 */
  maxHoleEdges?: number;
  /** Detect and repair self-intersections (the costliest step). @defaultValue true */
  fixSelfIntersections?: boolean;
  /**
   * Never remove more than this fraction of the triangles to resolve self-intersections; above it
   * they are only reported. @defaultValue 0.02
   */
  maxIntersectionRemovalFraction?: number;
  /** Cap on the locations listed per fix. @defaultValue 100 */
  maxLocations?: number;
  /** Measure self-intersections in the before/after findings. @defaultValue true */
  measureSelfIntersections?: boolean;
  signal?: AbortSignal;
}

/**
 * @internal Mutable working mesh: `origin[t]` is the input triangle index of triangle t, or -1 for
 * a triangle created by a fix.
 */
export interface WorkMesh {
  positions: Float64Array;
  indices: Uint32Array;
  origin: Int32Array;
}

/** @internal Build a fix record with capped locations. */
export function makeFix(
  kind: HealingFixKind,
  unit: HealingUnit,
  where: ArrayLike<number>,
  count: number,
  maxLocations: number,
  reportOnly = false,
  detail?: string,
): HealingFix {
  const n = Math.min(where.length, maxLocations);
  const list: number[] = new Array(n);
  for (let i = 0; i < n; i++) list[i] = where[i];
  return { kind, reportOnly, count, unit, where: list, whereTruncated: where.length > n, ...(detail ? { detail } : {}) };
}
