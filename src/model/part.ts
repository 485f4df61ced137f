import type { BoundingBox, Curve, PCurve, Surface, SurfaceType, Vec3 } from './geometry-types.js';
import type { Aag } from './aag.js';
import type { PartMesh } from './part-mesh.js';

/** Version of the Part JSON shape. Bumped on any breaking change. */
export const PART_MODEL_VERSION = 1;

/** Input formats cadlens recognises. */
export type InputFormat = 'step' | 'iges' | 'brep' | 'stl' | 'obj' | 'ply' | 'xyz' | 'unknown';

/**
 * How complete the B-Rep is:
 * - `step`: built from STEP entities (surfaces, curves, loops, pcurves), faces mapped to the tessellation;
 * - `mesh-derived`: IGES/BREP through OpenCascade, faces and AAG derived from the tessellation only
 *   (no surface parameters, no STEP ids).
 * - `mesh-only`: a plain mesh (STL/OBJ/PLY); no B-Rep faces at all.
 */
export type BrepSource = 'step' | 'mesh-derived' | 'mesh-only';

/** Length and angle units of the source file; the Part itself is always mm / rad. */
export interface PartUnits {
  /** Name of the file's length unit, e.g. `millimetre`, `inch`. */
  lengthUnit: string;
  /** Millimetres per file length unit. */
  lengthToMm: number;
  /** Name of the plane-angle unit, e.g. `radian`, `degree`. */
  angleUnit: string;
  /** Radians per file angle unit. */
  angleToRad: number;
}

/** A vertex of the B-Rep. */
export interface PartVertex {
  index: number;
  stepId: number | null;
  point: Vec3;
}

/** An edge of the B-Rep (a STEP `EDGE_CURVE`). */
export interface PartEdge {
  index: number;
  stepId: number | null;
  /** Vertex indices; equal for a closed edge (full circle). */
  start: number;
  end: number;
  curve: Curve;
  /** STEP `EDGE_CURVE.same_sense`: whether the edge runs in the curve's direction. */
  sameSense: boolean;
  /** PCURVEs from the file's `SURFACE_CURVE`/`SEAM_CURVE`, if any. */
  pcurves: PCurve[];
  /** Indices of the faces whose loops use this edge (a seam edge lists its face once per use). */
  faces: number[];
  /** Arc length (mm). */
  lengthMm: number;
}

/** One use of an edge in a loop (a STEP `ORIENTED_EDGE`). */
export interface Coedge {
  edge: number;
  /** True when the loop traverses the edge start → end (after the face bound's own orientation). */
  forward: boolean;
}

/** A face boundary (a STEP `FACE_BOUND`/`FACE_OUTER_BOUND` with its `EDGE_LOOP`, or a `VERTEX_LOOP`). */
export interface FaceBound {
  outer: boolean;
  /** The bound's orientation flag as written. Coedge `forward` already includes it. */
  orientation: boolean;
  /**
   * Coedges in traversal order: a bound with orientation `.F.` (or inside an ORIENTED_FACE/shell with
   * `.F.`) is traversed backwards, so the list is the written list reversed, with `forward` flipped.
   * Seen from the outward normal, the face lies to the left of each coedge.
   */
  coedges: Coedge[];
  /** For a `VERTEX_LOOP` (cone apex, sphere pole): the vertex index. */
  vertex?: number;
}

/** How a Part face was matched to the OpenCascade tessellation. */
export interface FaceMeshMapping {
  /**
   * - `order`: occt face index = position in the shell's face list, and the geometry check agreed;
   * - `geometric`: order disagreed; matched by comparing the triangles with the surface;
   * - `unmapped`: no trustworthy match (the face has no triangles in the Part mesh).
   */
  status: 'order' | 'geometric' | 'unmapped';
  /** Index into the occt-import-js flattened face list, or -1. */
  occtFaceIndex: number;
  /** Largest distance (mm) of the face's mesh vertices from its surface, when it could be measured. */
  maxDeviationMm: number | null;
}

/** A B-Rep face. */
export interface PartFace {
  index: number;
  /** STEP entity number of the `ADVANCED_FACE`/`FACE_SURFACE` (17 for `#17`), or null for mesh-derived faces. */
  stepId: number | null;
  /** The face entity's name string ('' when none). */
  name: string;
  surfaceType: SurfaceType;
  surface: Surface | null;
  /**
   * STEP id of the face's surface entity (matches {@link PCurve.surfaceStepId} of the edges' pcurves on
   * this face); absent for mesh-derived faces.
   */
  surfaceStepId?: number | null;
  /** STEP `same_sense` of the face with respect to its surface. */
  sameSense: boolean;
  /**
   * True when the face's outward normal is opposite to the surface's natural normal:
   * `!sameSense`, XOR an `ORIENTED_FACE` with orientation `.F.` in the shell.
   */
  reversed: boolean;
  bounds: FaceBound[];
  /** Index into {@link Part.shells}. */
  shell: number;
  /** Range of triangles in {@link Part.mesh} (`first` triangle index, `count`), or null when none. */
  triangles: { first: number; count: number } | null;
  mapping: FaceMeshMapping;
  /** Area (mm²) of the trimmed face, from its triangles (exact for planar faces). */
  area: number;
  /** Area centroid (mm). */
  centroid: Vec3;
  bbox: BoundingBox;
}

/** A shell. */
export interface PartShell {
  index: number;
  stepId: number | null;
  kind: 'closed' | 'open';
  /** Face indices in the order the shell lists them. */
  faces: number[];
  /** Index into {@link Part.solids}, or -1 for a free shell (e.g. inside a SHELL_BASED_SURFACE_MODEL). */
  solid: number;
}

/** A solid or surface body. */
export interface PartSolid {
  index: number;
  stepId: number | null;
  kind: 'manifold_solid_brep' | 'brep_with_voids' | 'shell_based_surface_model' | 'mesh';
  name: string;
  /** Shell indices; for `brep_with_voids` the first is the outer shell. */
  shells: number[];
  /**
   * Column-major 4×4 frame (mm) of the placement item of the STEP representation that holds the solid,
   * present only when it is not the identity. OpenCascade places the solid by it, so its triangles come
   * in that frame; the Part's B-Rep (and the mesh mapped onto it) stays in the coordinates the file writes.
   */
  representationPlacement?: number[];
}

/** A product of the STEP assembly structure. */
export interface AssemblyProduct {
  stepId: number;
  id: string;
  name: string;
  /** Solid indices that belong to this product's own shape representation. */
  solids: number[];
}

/** One placed use of a child product in a parent (`NEXT_ASSEMBLY_USAGE_OCCURRENCE`). */
export interface AssemblyInstance {
  stepId: number;
  parent: number;
  child: number;
  /** Column-major 4×4 transform placing the child in the parent (mm). */
  transform: number[];
}

/** Product/instance structure, when the file has one. */
export interface PartAssembly {
  products: AssemblyProduct[];
  instances: AssemblyInstance[];
  /** STEP ids of root products (used by no instance as child). */
  roots: number[];
}

/** Whole-part measures. */
export interface PartSummary {
  bbox: BoundingBox;
  surfaceAreaMm2: number;
  /** Signed volume (mm³) from the closed mesh; null when the mesh is not closed. */
  volumeMm3: number | null;
  faceCount: number;
  edgeCount: number;
  vertexCount: number;
  solidCount: number;
  shellCount: number;
  countsBySurfaceType: Partial<Record<SurfaceType, number>>;
  triangleCount: number;
}

/** Entities the builder did not understand, kept with their type (never dropped silently). */
export interface UnsupportedEntity {
  stepId: number;
  entityType: string;
  /** Where it was met, e.g. `face #17 surface`. */
  context: string;
  /**
   * Set when the entity is no shape the part has, so that no tessellation has triangles for it and it is no reason
   * to tessellate under `mesh: 'auto'` (it stays reported as `PARSE_UNSUPPORTED_ENTITY`):
   * - `'wireframe'`: a representation item of points and curves only (`GEOMETRIC_CURVE_SET`, or a `GEOMETRIC_SET`
   *   without a surface: wireframe and annotation geometry next to the solids);
   * - `'presentation'`: a presentation or PMI item of ISO 10303-46 / AP242 (`DRAUGHTING_CALLOUT`,
   *   `ANNOTATION_PLANE` and other annotation occurrences, `OVER_RIDING_STYLED_ITEM`, `CAMERA_MODEL_D3`): how the
   *   part is shown and annotated, not its shape;
   * - `'supplemental'`: a solid or surface model listed only by a `CONSTRUCTIVE_GEOMETRY_REPRESENTATION`
   *   (construction planes and the like; OpenCascade does not import them either).
   */
  notShape?: NotShapeRole;
}

/** Why an unsupported entity is not shape (see {@link UnsupportedEntity.notShape}). */
export type NotShapeRole = 'wireframe' | 'presentation' | 'supplemental';

/**
 * The B-Rep part at the centre of cadlens: faces with surfaces, edges, loops, the attributed
 * adjacency graph and the triangle mesh with per-face ranges. Plain data; `mesh` holds typed arrays
 * (see {@link partToJSON} for a JSON form).
 */
export interface Part {
  modelVersion: typeof PART_MODEL_VERSION;
  format: InputFormat;
  brepSource: BrepSource;
  units: PartUnits;
  solids: PartSolid[];
  shells: PartShell[];
  faces: PartFace[];
  edges: PartEdge[];
  vertices: PartVertex[];
  aag: Aag;
  mesh: PartMesh;
  summary: PartSummary;
  assembly: PartAssembly | null;
  unsupported: UnsupportedEntity[];
}
