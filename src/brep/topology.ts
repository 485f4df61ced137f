/**
 * B-Rep topology from STEP: solids (MANIFOLD_SOLID_BREP, BREP_WITH_VOIDS, FACETED_BREP,
 * SHELL_BASED_SURFACE_MODEL), shells (CLOSED_SHELL, OPEN_SHELL, ORIENTED_CLOSED_SHELL,
 * ORIENTED_OPEN_SHELL), faces (ADVANCED_FACE, FACE_SURFACE, ORIENTED_FACE), bounds (FACE_OUTER_BOUND,
 * FACE_BOUND), loops (EDGE_LOOP, VERTEX_LOOP), ORIENTED_EDGE, EDGE_CURVE and VERTEX_POINT.
 *
 * Orientation bookkeeping:
 * - `face.reversed` = !same_sense, XOR each enclosing ORIENTED_FACE / ORIENTED_*_SHELL with orientation .F.;
 * - a bound with orientation .F. is traversed backwards: its coedges are listed in traversal order and each
 *   coedge's `forward` already includes the flip;
 * - edges and vertices are shared by STEP id; `edge.faces` lists a face once per use (a seam twice);
 * - a face entity listed twice in one solid is kept once (OpenCascade's explorer deduplicates too).
 *
 * @internal
 */
import { CadlensError } from '../errors/index.js';
import type { StepEntity } from '../formats/step/step-types.js';
import type { BoundingBox, Coedge, FaceBound, PartEdge, PartFace, PartShell, PartSolid, PartVertex, Vec3 } from '../model/index.js';
import { edgeParameterRange, evaluateCurve } from '../geometry/curve-eval.js';
import { edgeLength } from '../geometry/curve-length.js';
import { distance3 } from '../geometry/vec3.js';
import { buildCurve, buildPCurves } from './curves.js';
import { point3 } from './placements.js';
import {
  badEntity,
  boolArg,
  type BuildContext,
  checkAborted,
  guarded,
  isType,
  recordUnsupported,
  refArg,
  refList,
  strArg, need } from './step-access.js';
import { buildSurface } from './surfaces.js';
import { rememberEdgeRange } from './edge-ranges.js';

/** The growing topology of one Part. */
export interface TopologyState {
  solids: PartSolid[];
  shells: PartShell[];
  faces: PartFace[];
  edges: PartEdge[];
  vertices: PartVertex[];
  edgeById: Map<number, number>;
  vertexById: Map<number, number>;
  /** Parameter range of each edge on its curve (parallel to `edges`). */
  edgeRanges: [number, number][];
}

export function createTopologyState(): TopologyState {
  return { solids: [], shells: [], faces: [], edges: [], vertices: [], edgeById: new Map(), vertexById: new Map(), edgeRanges: [] };
}

/** Solid entity keywords this builder understands. */
export const SOLID_TYPES = ['MANIFOLD_SOLID_BREP', 'BREP_WITH_VOIDS', 'FACETED_BREP', 'SHELL_BASED_SURFACE_MODEL'] as const;

/** Builds one solid (or surface model) and everything below it. Returns its index. */
export function buildSolid(ctx: BuildContext, st: TopologyState, id: number): number {
  const e = need(ctx.file, id);
  const index = st.solids.length;
  const name = strArg(e.args, 0);
  if (e.type === 'SHELL_BASED_SURFACE_MODEL') {
    const solid: PartSolid = { index, stepId: id, kind: 'shell_based_surface_model', name, shells: [] };
    st.solids.push(solid);
    for (const sid of refList(e, e.args, 1, 'sbsm_boundary')) solid.shells.push(buildShell(ctx, st, sid, e.id, index, new Set()));
    return index;
  }
  if (e.type === 'MANIFOLD_SOLID_BREP' || e.type === 'FACETED_BREP' || e.type === 'BREP_WITH_VOIDS') {
    const solid: PartSolid = { index, stepId: id, kind: e.type === 'BREP_WITH_VOIDS' ? 'brep_with_voids' : 'manifold_solid_brep', name, shells: [] };
    st.solids.push(solid);
    const seen = new Set<number>();
    solid.shells.push(buildShell(ctx, st, refArg(e, e.args, 1, 'outer'), e.id, index, seen));
    if (e.type === 'BREP_WITH_VOIDS') for (const vid of refList(e, e.args, 2, 'voids')) solid.shells.push(buildShell(ctx, st, vid, e.id, index, seen));
    return index;
  }
  throw badEntity(e, `expected a solid (${SOLID_TYPES.join(', ')})`);
}

function buildShell(ctx: BuildContext, st: TopologyState, id: number, from: number, solid: number, seenFaces: Set<number>): number {
  let e = need(ctx.file, id, from);
  let flip = false;
  const chain = new Set<number>();
  while (e.type === 'ORIENTED_CLOSED_SHELL' || e.type === 'ORIENTED_OPEN_SHELL') {
    noCycle(chain, e);
    if (!boolArg(e, e.args, 3, 'orientation', true)) flip = !flip;
    e = need(ctx.file, refArg(e, e.args, 2, 'shell_element'), e.id);
  }
  if (e.type !== 'CLOSED_SHELL' && e.type !== 'OPEN_SHELL') throw badEntity(e, 'expected CLOSED_SHELL or OPEN_SHELL');
  const index = st.shells.length;
  const shell: PartShell = { index, stepId: e.id, kind: e.type === 'CLOSED_SHELL' ? 'closed' : 'open', faces: [], solid };
  st.shells.push(shell);
  for (const fid of refList(e, e.args, 1, 'cfs_faces')) {
    checkAborted(ctx.signal);
    const fi = buildFace(ctx, st, fid, e.id, index, flip, seenFaces);
    if (fi >= 0) shell.faces.push(fi);
  }
  return index;
}

/** Follows ORIENTED_* chains: meeting an entity twice is a reference cycle. */
function noCycle(chain: Set<number>, e: StepEntity): void {
  if (chain.has(e.id)) {
    throw new CadlensError('STEP_REFERENCE_CYCLE', `#${e.id} (${e.type}) refers back to itself`, { stage: 'parse', entityId: e.id });
  }
  chain.add(e.id);
}

const EMPTY_BOX = (): BoundingBox => ({ min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] });

function buildFace(ctx: BuildContext, st: TopologyState, id: number, from: number, shell: number, flip: boolean, seen: Set<number>): number {
  let e = need(ctx.file, id, from);
  const chain = new Set<number>();
  while (e.type === 'ORIENTED_FACE') {
    noCycle(chain, e);
    if (!boolArg(e, e.args, 3, 'orientation', true)) flip = !flip;
    e = need(ctx.file, refArg(e, e.args, 2, 'face_element'), e.id);
  }
  if (seen.has(e.id)) return -1;
  seen.add(e.id);
  const index = st.faces.length;
  const face: PartFace = {
    index,
    stepId: e.id,
    name: strArg(e.args, 0),
    surfaceType: 'other',
    surface: null,
    surfaceStepId: null,
    sameSense: true,
    reversed: flip,
    bounds: [],
    shell,
    triangles: null,
    mapping: { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null },
    area: 0,
    centroid: [0, 0, 0],
    bbox: EMPTY_BOX(),
  };
  st.faces.push(face);
  if (e.type === 'ADVANCED_FACE' || e.type === 'FACE_SURFACE') {
    const boundIds = refList(e, e.args, 1, 'bounds');
    const surfaceId = refArg(e, e.args, 2, 'face_geometry');
    face.sameSense = boolArg(e, e.args, 3, 'same_sense');
    face.reversed = !face.sameSense !== flip;
    face.surface = buildSurface(ctx, surfaceId, e.id);
    face.surfaceStepId = surfaceId;
    face.surfaceType = face.surface.type;
    for (const bid of boundIds) face.bounds.push(buildBound(ctx, st, bid, e.id, index, flip));
  } else if (e.type === 'FACE') {
    // topology only, no geometry
    recordUnsupported(ctx, e, 'face without geometry');
    for (const bid of refList(e, e.args, 1, 'bounds')) face.bounds.push(buildBound(ctx, st, bid, e.id, index, flip));
  } else {
    recordUnsupported(ctx, e, `shell #${st.shells[shell].stepId} face`);
  }
  face.bbox = faceBox(st, face);
  return index;
}

/**
 * A face bound. `flip` (an enclosing ORIENTED_FACE/ORIENTED_*_SHELL with .F.) reverses the traversal like
 * a bound orientation of .F. does: coedges are then listed in traversal order with `forward` flipped.
 */
function buildBound(ctx: BuildContext, st: TopologyState, id: number, from: number, face: number, flip: boolean): FaceBound {
  const e = need(ctx.file, id, from);
  if (e.type !== 'FACE_OUTER_BOUND' && e.type !== 'FACE_BOUND') throw badEntity(e, 'expected FACE_OUTER_BOUND or FACE_BOUND');
  const orientation = boolArg(e, e.args, 2, 'orientation');
  const loop = need(ctx.file, refArg(e, e.args, 1, 'bound'), e.id);
  const bound: FaceBound = { outer: e.type === 'FACE_OUTER_BOUND', orientation, coedges: [] };
  if (loop.type === 'VERTEX_LOOP') {
    bound.vertex = buildVertex(ctx, st, refArg(loop, loop.args, 1, 'loop_vertex'), loop.id);
    return bound;
  }
  if (loop.type !== 'EDGE_LOOP') {
    recordUnsupported(ctx, loop, `face #${st.faces[face].stepId} loop`);
    return bound;
  }
  const coedges: Coedge[] = [];
  for (const oid of refList(loop, loop.args, 1, 'edge_list')) {
    const { edge, forward } = orientedEdge(ctx, st, oid, loop.id);
    coedges.push({ edge, forward: forward === (orientation !== flip) });
    st.edges[edge].faces.push(face);
  }
  if (orientation === flip) coedges.reverse();
  bound.coedges = coedges;
  return bound;
}

function orientedEdge(ctx: BuildContext, st: TopologyState, id: number, from: number): { edge: number; forward: boolean } {
  let e = need(ctx.file, id, from);
  let forward = true;
  const chain = new Set<number>();
  while (e.type === 'ORIENTED_EDGE') {
    noCycle(chain, e);
    if (!boolArg(e, e.args, 4, 'orientation')) forward = !forward;
    e = need(ctx.file, refArg(e, e.args, 3, 'edge_element'), e.id);
  }
  return { edge: buildEdge(ctx, st, e), forward };
}

function buildEdge(ctx: BuildContext, st: TopologyState, e: StepEntity): number {
  const known = st.edgeById.get(e.id);
  if (known !== undefined) return known;
  if (e.type !== 'EDGE_CURVE' && e.type !== 'SUBEDGE') throw badEntity(e, 'expected EDGE_CURVE, SUBEDGE or ORIENTED_EDGE as edge element');
  return guarded(ctx, e.id, () => {
    const start = buildVertex(ctx, st, refArg(e, e.args, 1, 'edge_start'), e.id);
    const end = buildVertex(ctx, st, refArg(e, e.args, 2, 'edge_end'), e.id);
    // A SUBEDGE is a piece of its parent edge: same curve and sense, its own vertices.
    let carrier = e;
    let sameSense = true;
    const chain = new Set<number>();
    while (carrier.type === 'SUBEDGE' || carrier.type === 'ORIENTED_EDGE') {
      noCycle(chain, carrier);
      if (carrier.type === 'ORIENTED_EDGE') {
        if (!boolArg(carrier, carrier.args, 4, 'orientation')) sameSense = !sameSense;
        carrier = need(ctx.file, refArg(carrier, carrier.args, 3, 'edge_element'), carrier.id);
      } else carrier = need(ctx.file, refArg(carrier, carrier.args, 3, 'parent_edge'), carrier.id);
    }
    if (carrier.type !== 'EDGE_CURVE') throw badEntity(carrier, 'expected EDGE_CURVE as the parent of a SUBEDGE');
    const geomId = refArg(carrier, carrier.args, 3, 'edge_geometry');
    if (!boolArg(carrier, carrier.args, 4, 'same_sense')) sameSense = !sameSense;
    const curve = buildCurve(ctx, geomId, e.id);
    const pcurves = buildPCurves(ctx, geomId, e.id);
    const ps = st.vertices[start].point;
    const pe = st.vertices[end].point;
    let range: [number, number] = [0, 0];
    let lengthMm = distance3(ps, pe);
    if (curve.type !== 'other') {
      range = edgeParameterRange(curve, ps, pe, sameSense, start === end);
      const len = edgeLength(curve, range, ps, pe);
      if (Number.isFinite(len)) lengthMm = len;
    }
    const index = st.edges.length;
    const edge: PartEdge = { index, stepId: e.id, start, end, curve, sameSense, pcurves, faces: [], lengthMm };
    st.edges.push(edge);
    st.edgeRanges.push(range);
    rememberEdgeRange(edge, range);
    st.edgeById.set(e.id, index);
    return index;
  });
}

function buildVertex(ctx: BuildContext, st: TopologyState, id: number, from: number): number {
  const known = st.vertexById.get(id);
  if (known !== undefined) return known;
  const e = need(ctx.file, id, from);
  if (!isType(e, 'VERTEX_POINT')) throw badEntity(e, 'expected VERTEX_POINT');
  const point = point3(ctx, refArg(e, e.args, 1, 'vertex_geometry'), e.id);
  const index = st.vertices.length;
  st.vertices.push({ index, stepId: id, point });
  st.vertexById.set(id, index);
  return index;
}

const tmp: Vec3 = [0, 0, 0];

/** Box of a face's vertices plus samples along its edges (the tessellation step refines it). */
export function faceBox(st: TopologyState, face: PartFace): BoundingBox {
  const box = EMPTY_BOX();
  const add = (p: Vec3) => {
    for (let k = 0; k < 3; k++) {
      if (p[k] < box.min[k]) box.min[k] = p[k];
      if (p[k] > box.max[k]) box.max[k] = p[k];
    }
  };
  for (const b of face.bounds) {
    if (b.vertex !== undefined) add(st.vertices[b.vertex].point);
    for (const c of b.coedges) {
      const edge = st.edges[c.edge];
      add(st.vertices[edge.start].point);
      add(st.vertices[edge.end].point);
      const base = edge.curve.type === 'trimmed' ? edge.curve.basis : edge.curve;
      if (base.type === 'line' || base.type === 'other') continue;
      const [t0, t1] = st.edgeRanges[c.edge];
      const n = 16;
      for (let i = 1; i < n; i++) {
        evaluateCurve(edge.curve, t0 + ((t1 - t0) * i) / n, tmp);
        if (Number.isFinite(tmp[0])) add(tmp);
      }
    }
  }
  if (!Number.isFinite(box.min[0])) return { min: [0, 0, 0], max: [0, 0, 0] };
  return box;
}
