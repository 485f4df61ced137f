/**
 * STEP entities → the B-Rep {@link Part}: topology, surfaces, curves, units and assembly structure.
 *
 * Error policy (one rule, applied everywhere): an entity the builder understands but that is malformed
 * (missing or wrong-typed parameter, impossible value such as a negative radius or inconsistent knots)
 * throws `CadlensError` `PART_BAD_ENTITY` with `entityId`; a reference to a missing entity throws
 * `STEP_DANGLING_REFERENCE` (with `entityId` of the missing one); a definition that reaches itself
 * (offset of itself, a representation related to itself, MAPPED_ITEM recursion, a product its own
 * (grand)child) throws `STEP_REFERENCE_CYCLE`. Entity *types* the builder does not know are never errors:
 * they become `other` (surface/curve) and are listed in `part.unsupported` (and passed to `onUnsupported`).
 *
 * Mesh-dependent fields are left for the tessellation step: `mesh` is empty, `face.triangles` null,
 * `face.mapping` unmapped, `face.area` 0, `face.centroid` [0,0,0], `face.bbox` from the face's vertices
 * and edge samples, `summary.volumeMm3` null. A file without any solid or shell gives a Part with no faces
 * (the parse stage reports that), not an exception.
 */
import type { StepFile } from '../formats/step/step-types.js';
import { CadlensError } from '../errors/index.js';
import type { BoundingBox, Part, PartFace, PartSummary, PartUnits, PartVertex, SurfaceType, UnsupportedEntity } from '../model/index.js';
import { emptyMesh, PART_MODEL_VERSION } from '../model/index.js';
import { buildAagFromBrep } from './aag-from-brep.js';
import { buildAssembly } from './assembly.js';
import { frameToMatrix, isIdentityMatrix4 } from '../geometry/frame.js';
import { frame3 } from './placements.js';
import { checkInstancing, type InstancingLimits } from './instancing.js';
import { indexRepresentations, idsInFileOrder, plainRepresentationLinks, representationArgs, REPRESENTATION_TYPES } from './representations.js';
import { type BuildContext, checkAborted, recordUnsupported } from './step-access.js';
import { NOT_SHAPE_NOTE, notShapeRoleOf } from './not-shape-items.js';
import { buildSolid, createTopologyState, SOLID_TYPES } from './topology.js';
import { DEFAULT_UNITS, unitContextIds, unitsOfContext } from './units.js';

/** Options of {@link buildPartFromStep}. */
export interface BuildPartOptions {
  /** Aborts the build (checked between faces); throws `ABORTED`. */
  signal?: AbortSignal;
  /** Called once for each entity of a type the builder does not understand (also listed in `part.unsupported`). */
  onUnsupported?: (entity: UnsupportedEntity) => void;
  /**
   * Instancing limits, checked before any solid is built: deeper nesting throws `PART_BAD_ENTITY`,
   * more solid instances `PART_LIMIT_INSTANCES`.
   * @defaultValue `{ maxNesting: 64, maxSolidInstances: 10_000 }`
   */
  instancing?: InstancingLimits;
}

/** Representations that never hold B-Rep solids but whose geometry must not vanish silently. */
const OTHER_REPRESENTATION_TYPES = [
  'GEOMETRICALLY_BOUNDED_WIREFRAME_SHAPE_REPRESENTATION',
  'EDGE_BASED_WIREFRAME_SHAPE_REPRESENTATION',
  'TESSELLATED_SHAPE_REPRESENTATION',
];

/** Representation items that are expected next to solids and need no record. */
const QUIET_ITEMS = new Set(['AXIS2_PLACEMENT_3D', 'MAPPED_ITEM', 'STYLED_ITEM', 'CARTESIAN_POINT', ...SOLID_TYPES]);

/**
 * Builds the B-Rep Part from a parsed STEP file.
 *
 * @throws CadlensError `PART_BAD_ENTITY` (malformed entity, with `entityId`; instancing nested deeper than
 *   64 levels; a coordinate beyond ±1e12 mm), `PART_LIMIT_INSTANCES` (the file expands to more than 10,000 solid instances),
 *   `STEP_DANGLING_REFERENCE`, `STEP_REFERENCE_CYCLE`, `ABORTED`.
 * @example
 * ```ts
 * const part = buildPartFromStep(readStep(text));
 * console.log(part.faces.length, part.units.lengthUnit, part.aag.arcs.length);
 * ```
 */
export function buildPartFromStep(file: StepFile, options: BuildPartOptions = {}): Part {
  const { signal, onUnsupported } = options;
  checkAborted(signal);
  const unsupported: UnsupportedEntity[] = [];
  const unsupportedSeen = new Set<number>();
  const visiting = new Set<number>();

  const unitsCache = new Map<number, PartUnits>();
  const unitsOf = (cid: number | null): PartUnits => {
    if (cid === null) {
      const first = unitContextIds(file)[0];
      return first === undefined ? { ...DEFAULT_UNITS } : unitsOf(first);
    }
    let u = unitsCache.get(cid);
    if (!u) {
      u = unitsOfContext(file, cid);
      unitsCache.set(cid, u);
    }
    return u;
  };
  const ctxCache = new Map<string, BuildContext>();
  const contextFor = (cid: number | null): BuildContext => {
    const u = unitsOf(cid);
    const key = `${u.lengthToMm}|${u.angleToRad}`;
    let c = ctxCache.get(key);
    if (!c) {
      c = {
        file,
        lengthToMm: u.lengthToMm,
        angleToRad: u.angleToRad,
        unsupported,
        unsupportedSeen,
        onUnsupported,
        visiting,
        signal,
        curves: new Map(),
        surfaces: new Map(),
      };
      ctxCache.set(key, c);
    }
    return c;
  };

  const idx = indexRepresentations(file);
  // Instancing (MAPPED_ITEM nesting and multiplicity, assembly levels) is checked first, in linear time,
  // so a file that expands to millions of instances is refused before any work is spent on it.
  const links = plainRepresentationLinks(file);
  const representations = idsInFileOrder(file, [...REPRESENTATION_TYPES, ...OTHER_REPRESENTATION_TYPES]);
  checkInstancing(file, idx, links, representations, options.instancing);
  const st = createTopologyState();
  const solidIndexById = new Map<number, number>();
  let units: PartUnits | null = null;
  for (const sid of idx.solidOrder) {
    checkAborted(signal);
    const cid = idx.contextOfSolid.get(sid) ?? null;
    units ??= unitsOf(cid);
    const ctx = contextFor(cid);
    const index = buildSolid(ctx, st, sid);
    solidIndexById.set(sid, index);
    const placementId = idx.placementOfSolid.get(sid);
    const placement = placementId === undefined ? null : frameToMatrix(frame3(ctx, placementId, sid));
    if (placement && !isIdentityMatrix4(placement) && st.solids[index]) st.solids[index].representationPlacement = placement;
  }
  units ??= unitsOf(null);

  for (const { solid, representation } of idx.supplemental) {
    const e = file.require(solid);
    recordUnsupported(contextFor(null), e, `supplemental geometry (CONSTRUCTIVE_GEOMETRY_REPRESENTATION #${representation}), ${NOT_SHAPE_NOTE.supplemental}`, 'supplemental');
  }

  // Geometry that is not a solid (wireframes, face-based surface models, tessellations) is recorded.
  const quietCtx = contextFor(null);
  for (const rid of representations) {
    const rep = file.require(rid);
    const args = representationArgs(rep);
    const items = args?.[1];
    if (!Array.isArray(items)) continue;
    for (const it of items) {
      if (!it || typeof it !== 'object' || Array.isArray(it) || it.kind !== 'ref') continue;
      const ie = file.get(it.id);
      if (!ie) continue;
      if (QUIET_ITEMS.has(ie.type)) continue;
      const notShape = notShapeRoleOf(file, ie);
      recordUnsupported(quietCtx, ie, `representation #${rid} item${notShape ? `: ${NOT_SHAPE_NOTE[notShape]}` : ''}`, notShape);
    }
  }

  const assembly = buildAssembly({ file, idx, links, solidIndexById, contextFor });

  checkCoordinateRange(st.vertices, st.faces);

  const partial = { faces: st.faces, edges: st.edges, vertices: st.vertices };
  const aag = buildAagFromBrep(partial);

  const countsBySurfaceType: Partial<Record<SurfaceType, number>> = {};
  for (const f of st.faces) countsBySurfaceType[f.surfaceType] = (countsBySurfaceType[f.surfaceType] ?? 0) + 1;
  const summary: PartSummary = {
    bbox: unionBox(st.faces.filter((f) => f.bounds.length > 0).map((f) => f.bbox), st.vertices.map((v) => v.point)),
    surfaceAreaMm2: 0,
    volumeMm3: null,
    faceCount: st.faces.length,
    edgeCount: st.edges.length,
    vertexCount: st.vertices.length,
    solidCount: st.solids.length,
    shellCount: st.shells.length,
    countsBySurfaceType,
    triangleCount: 0,
  };
  return {
    modelVersion: PART_MODEL_VERSION,
    format: 'step',
    brepSource: 'step',
    units,
    solids: st.solids,
    shells: st.shells,
    faces: st.faces,
    edges: st.edges,
    vertices: st.vertices,
    aag,
    mesh: emptyMesh(),
    summary,
    assembly,
    unsupported,
  };
}

/**
 * Largest coordinate magnitude accepted (mm): a million kilometres, far beyond any part, and small
 * enough that squared distances stay finite (a 1e300 coordinate made edge lengths Infinity, which no
 * JSON result can carry).
 */
export const MAX_COORDINATE_MM = 1e12;

/** @throws CadlensError `PART_BAD_ENTITY` for the first vertex or face extent beyond {@link MAX_COORDINATE_MM}. */
function checkCoordinateRange(vertices: readonly PartVertex[], faces: readonly PartFace[]): void {
  const tooFar = (p: readonly number[]) => p.some((c) => !(Math.abs(c) <= MAX_COORDINATE_MM));
  const fail = (stepId: number | null, p: readonly number[]) =>
    new CadlensError('PART_BAD_ENTITY', `${stepId !== null ? `#${stepId}: ` : ''}coordinate ${p.find((c) => !(Math.abs(c) <= MAX_COORDINATE_MM))} mm is beyond ±${MAX_COORDINATE_MM} mm`, {
      stage: 'parse',
      ...(stepId !== null ? { entityId: stepId } : {}),
      details: { limitMm: MAX_COORDINATE_MM },
    });
  for (const v of vertices) if (tooFar(v.point)) throw fail(v.stepId, v.point);
  for (const f of faces) for (const p of [f.bbox.min, f.bbox.max]) if (tooFar(p)) throw fail(f.stepId, p);
}

function unionBox(boxes: BoundingBox[], points: [number, number, number][]): BoundingBox {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const add = (p: readonly number[]) => {
    for (let k = 0; k < 3; k++) {
      if (p[k] < min[k]) min[k] = p[k];
      if (p[k] > max[k]) max[k] = p[k];
    }
  };
  for (const b of boxes) {
    add(b.min);
    add(b.max);
  }
  for (const p of points) add(p);
  if (!Number.isFinite(min[0])) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min, max };
}
