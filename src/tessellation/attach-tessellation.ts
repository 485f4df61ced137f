import type { Part } from '../model/index.js';
import { boxDiagonal, positionsBoundingBox } from '../geometry/mesh-measures.js';
import { flattenOcctResult } from './flatten-occt-result.js';
import type { OcctImportResult } from './occt-types.js';
import { collectBodies, type BodyRef } from './attach/collect-bodies.js';
import { assignTransforms } from './attach/body-placements.js';
import { createMatchContext, createMatchState } from './attach/match-context.js';
import { attachMeshes } from './attach/attach-meshes.js';
import { assemblePart, type UnmappedFaceReason } from './attach/assemble-part.js';

export type { BodyRef } from './attach/collect-bodies.js';
export type { UnmappedFaceReason } from './attach/assemble-part.js';

/** Options of {@link attachTessellation}. */
export interface AttachTessellationOptions {
  /**
   * Largest distance (mm) of a face's mesh vertices from its surface for the face to count as matching.
   * @defaultValue `toleranceRatio × bounding-box diagonal of the tessellation` (at least 1e-12 mm: parts in nano-units must still map)
   */
  toleranceMm?: number;
  /** @defaultValue `1e-3` */
  toleranceRatio?: number;
  /**
   * Weld tolerance for the closedness check behind `summary.volumeMm3`, as a fraction of the diagonal.
   * @defaultValue `1e-6`
   */
  weldToleranceRatio?: number;
}

/** What {@link attachTessellationDetailed} found. */
export interface TessellationAttachReport {
  toleranceMm: number;
  /** Face counts by mapping status. */
  order: number;
  geometric: number;
  unmapped: number;
  /** Largest measured deviation over all mapped faces (mm), or null when none could be measured. */
  maxDeviationMm: number | null;
  /** occt meshes attached to a Part body, and the transform used (column-major, body frame ← mesh frame). */
  attachedMeshes: { meshIndex: number; body: BodyRef; transformed: boolean }[];
  /**
   * occt meshes attached to no body: further instances of an already mapped body (assemblies place one
   * body several times; only the first matching instance is mapped) or meshes nothing matched.
   */
  skippedMeshes: { meshIndex: number; reason: 'repeated-instance' | 'no-matching-body' }[];
  /** occt faces (flattened index) that no Part face took. */
  unmatchedOcctFaces: number[];
  /** Part faces whose plane normal disagrees with the triangle winding (their `reversed` flag is suspect). */
  orientationMismatches: number[];
  /** Every unmapped Part face, its body, and why no occt face was given to it. */
  unmappedFaces: { face: number; body: BodyRef | null; reason: UnmappedFaceReason }[];
}

/**
 * Attach an occt-import-js tessellation to a Part built from STEP entities, and fill the mesh-derived
 * measures. See {@link attachTessellation}; this variant also returns what the mapping found.
 *
 * The jobs live in `./attach/`: `collect-bodies` (the bodies occt meshes), `body-placements` (their
 * assembly placements), `order-check` / `geometric-match` / `attach-meshes` (matching, over the checks of
 * `face-checks`), and `assemble-part` (the Part mesh, per-face mapping and the unmapped reasons).
 */
export function attachTessellationDetailed(part: Part, occt: OcctImportResult, options: AttachTessellationOptions = {}): { part: Part; report: TessellationAttachReport } {
  const flat = flattenOcctResult(occt);
  const diag = boxDiagonal(positionsBoundingBox(flat.mesh.positions)) || 1;
  const tol = options.toleranceMm ?? Math.max(1e-12, (options.toleranceRatio ?? 1e-3) * diag);
  const weldTol = Math.max(1e-12, (options.weldToleranceRatio ?? 1e-6) * diag);
  const bodies = collectBodies(part);
  assignTransforms(part, bodies);

  const ctx = createMatchContext(part, flat, tol);
  const state = createMatchState(flat.occtFaces.length, bodies.length);
  attachMeshes(ctx, state, bodies);

  const report: TessellationAttachReport = {
    toleranceMm: tol,
    order: 0,
    geometric: 0,
    unmapped: 0,
    maxDeviationMm: null,
    attachedMeshes: state.attachedMeshes,
    skippedMeshes: state.skippedMeshes,
    unmatchedOcctFaces: [],
    orientationMismatches: [],
    unmappedFaces: [],
  };
  const attached = assemblePart(ctx, state, bodies, weldTol, report);
  return { part: attached, report };
}

/**
 * Attach an occt-import-js tessellation to a Part built from STEP entities (a Part without mesh):
 * map every occt B-Rep face to its Part face, verify the mapping geometrically, and fill per-face
 * `triangles`, `mapping`, `area`, `centroid`, `bbox`, the Part `mesh` (with `triangleFace`) and
 * `summary.bbox / surfaceAreaMm2 / volumeMm3 / triangleCount`.
 *
 * How faces are matched:
 * 1. occt emits one mesh per solid (faces of all its shells, in `CLOSED_SHELL` list order) and per open
 *    shell, in the order OpenCascade meets them. Each mesh is tried against the Part's unmapped bodies with the
 *    same face count, from the next expected one on, under the body's assembly placements (and identity).
 * 2. A face maps by **order** only when verified: every vertex of its triangles lies within `toleranceMm` of
 *    the face's surface (`distanceToSurface`), every B-Rep vertex of the face is a vertex of its triangles,
 *    points inside each of its edges lie on the triangles' boundary (this tells apart faces that share surface
 *    and corners, as the two halves of a split cylinder), and for planes the triangle winding agrees with the
 *    plane normal and `reversed`.
 * 3. Faces that fail, and meshes whose face count differs (OpenCascade's healing can split, merge or drop faces;
 *    it also emits some solids with their faces permuted, as five bodies of the realworld D31 assembly), fall
 *    back to **geometric** matching: first one to one, each occt face that passes every check of 2 (but the
 *    order) for a Part face; then the remaining occt faces go to the free Part face whose surface holds all
 *    their vertices and that shares the most B-Rep vertices and edge points with them. A Part face may take
 *    several occt faces (a split face) unless it was matched one to one.
 * 4. Anything else is **unmapped** (no triangles), never guessed; `report.unmappedFaces` says why, per face.
 *
 * Assemblies: a body placed several times appears once per placement in occt's result; only the first
 * matching placement is mapped, and the Part mesh holds each face once, in the body's own (STEP) frame
 * (the placement is undone), consistent with the surfaces. Further instances are reported as skipped.
 *
 * @example
 * ```ts
 * const part = attachTessellation(buildPartFromStep(file), await tessellator.tessellate(bytes, 'step'));
 * part.faces.filter((f) => f.mapping.status === 'unmapped'); // faces without triangles
 * ```
 */
export function attachTessellation(part: Part, occt: OcctImportResult, options: AttachTessellationOptions = {}): Part {
  return attachTessellationDetailed(part, occt, options).part;
}
