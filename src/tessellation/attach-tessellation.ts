import type { FaceMeshMapping, Part, PartFace, PartMesh, Surface, Vec3 } from '../model/index.js';
import { distanceToSurface } from '../geometry/surface-distance.js';
import { identityMatrix4, invertRigidMatrix4, multiplyMatrix4 } from '../geometry/frame.js';
import { boxDiagonal, positionsBoundingBox } from '../geometry/mesh-measures.js';
import { evaluateCurve } from '../geometry/curve-eval.js';
import { edgeRange } from '../brep/edge-ranges.js';
import { flattenOcctResult, type FlattenedOcct } from './flatten-occt-result.js';
import { applyFaceMeasures, summarizePart, type VolumeGroup } from './part-mesh-measures.js';
import type { OcctImportResult } from './occt-types.js';

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
 * Why a Part face stayed unmapped:
 * - `not-in-a-body`: the face belongs to no solid or shell (nothing to match a mesh against);
 * - `body-not-attached`: no occt mesh matched the face's body (no mesh with its face count whose faces verify
 *   in order, and none of similar size with at least 80 % of its faces on the body's surfaces, under any placement);
 * - `surface-not-measurable`: the body is attached, the face failed the order check, and its surface cannot be
 *   measured (`other`, or the distance is undefined), so it cannot be matched geometrically;
 * - `no-verified-occt-face`: the body is attached, but no remaining occt face of its mesh lies on the face's
 *   surface and shares a B-Rep vertex with it (OpenCascade's healing dropped or merged it, or the geometry differs).
 */
export type UnmappedFaceReason = 'not-in-a-body' | 'body-not-attached' | 'surface-not-measurable' | 'no-verified-occt-face';

/** A Part body: a solid (all its shells) or one free/open shell. */
export type BodyRef = { kind: 'solid'; index: number } | { kind: 'shell'; index: number };

interface Body {
  ref: BodyRef;
  faces: number[];
  closed: boolean;
  transforms: number[][];
  /** Inverse transforms (body frame ← world). */
  inverses: number[][];
}

interface FaceGeom {
  /** Flattened vertex ids used by the occt face. */
  verts: Uint32Array;
  /** Area-weighted normal in mesh (world) coordinates (unnormalised). */
  normal: Vec3;
  /**
   * Boundary of the face's triangulation: pairs of indices into `verts` of the triangle edges used once
   * (outer and inner loops, and both sides of a seam).
   */
  boundary: Uint32Array;
}

const COS_NORMAL_OK = 0.5;

function faceVertices(flat: FlattenedOcct, g: number): FaceGeom {
  const of = flat.occtFaces[g];
  const { indices, positions } = flat.mesh;
  const local = new Map<number, number>();
  const verts: number[] = [];
  const n: Vec3 = [0, 0, 0];
  const edgeUse = new Map<number, number>();
  const span = positions.length / 3 + 1;
  const useEdge = (x: number, y: number) => {
    const key = x < y ? x * span + y : y * span + x;
    edgeUse.set(key, (edgeUse.get(key) ?? 0) + 1);
  };
  for (let t = of.first; t <= of.last; t++) {
    const a = indices[3 * t], b = indices[3 * t + 1], c = indices[3 * t + 2];
    for (const v of [a, b, c]) {
      if (!local.has(v)) {
        local.set(v, verts.length);
        verts.push(v);
      }
    }
    useEdge(a, b);
    useEdge(b, c);
    useEdge(c, a);
    const ux = positions[3 * b] - positions[3 * a], uy = positions[3 * b + 1] - positions[3 * a + 1], uz = positions[3 * b + 2] - positions[3 * a + 2];
    const vx = positions[3 * c] - positions[3 * a], vy = positions[3 * c + 1] - positions[3 * a + 1], vz = positions[3 * c + 2] - positions[3 * a + 2];
    n[0] += uy * vz - uz * vy;
    n[1] += uz * vx - ux * vz;
    n[2] += ux * vy - uy * vx;
  }
  const boundary: number[] = [];
  for (const [key, uses] of edgeUse) {
    if (uses !== 1) continue;
    const x = Math.floor(key / span);
    boundary.push(local.get(x)!, local.get(key - x * span)!);
  }
  return { verts: Uint32Array.from(verts), normal: n, boundary: Uint32Array.from(boundary) };
}

/**
 * Witness points of a Part face's boundary: points inside its edges (curve evaluated at interior
 * parameters: the midpoint of a line, quarter points of anything else). Two faces on one surface with the
 * same B-Rep vertices (the two halves of a split cylinder) differ here. Edges that cannot be evaluated give none.
 */
function edgeWitnessPoints(part: Part, face: PartFace): Vec3[] {
  const pts: Vec3[] = [];
  const seen = new Set<number>();
  for (const b of face.bounds) {
    for (const ce of b.coedges) {
      if (seen.has(ce.edge)) continue;
      seen.add(ce.edge);
      const e = part.edges[ce.edge];
      if (!e || e.curve.type === 'other') continue;
      let range: [number, number];
      try {
        range = edgeRange(part, e);
      } catch {
        continue;
      }
      if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) continue;
      for (const f of e.curve.type === 'line' ? [0.5] : [0.25, 0.5, 0.75]) {
        let p: Vec3;
        try {
          p = evaluateCurve(e.curve, range[0] + f * (range[1] - range[0]));
        } catch {
          continue;
        }
        if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2])) pts.push([p[0], p[1], p[2]]);
      }
    }
  }
  return pts;
}

/**
 * How far the occt face's boundary chords stray from the Part face's surface: the largest distance of a
 * boundary segment's midpoint to the surface (≈ the chordal sagitta of curved edges; 0 along straight
 * edges). Edge witnesses lie on the true curves, so they can only be expected within this of the chords:
 * a coarse tessellation (OpenCascade falls back to a 1 mm deflection on sub-micron parts) must not make
 * a right face fail, while well-separated edges (the halves of a split cylinder) still differ by far more.
 */
function boundaryChordDeviation(geom: FaceGeom, local: Float64Array, surface: Surface | null): number {
  if (!surface) return 0;
  const bd = geom.boundary;
  let max = 0;
  const mid: Vec3 = [0, 0, 0];
  for (let s = 0; s < bd.length; s += 2) {
    const a = 3 * bd[s], b = 3 * bd[s + 1];
    mid[0] = (local[a] + local[b]) / 2;
    mid[1] = (local[a + 1] + local[b + 1]) / 2;
    mid[2] = (local[a + 2] + local[b + 2]) / 2;
    const d = distanceToSurface(surface, mid);
    if (Number.isFinite(d) && d > max) max = d;
  }
  return max;
}

/**
 * Fraction of `witnesses` lying within `tol` of the occt face's triangulation boundary (its vertices when it
 * has no boundary, as a closed sphere). With `requireAll` it stops at the first miss (returns 0).
 */
function witnessFraction(geom: FaceGeom, local: Float64Array, witnesses: Vec3[], tol: number, requireAll: boolean): number {
  if (witnesses.length === 0) return 1;
  const tol2 = tol * tol;
  const bd = geom.boundary;
  let found = 0;
  for (const w of witnesses) {
    let ok = false;
    if (bd.length === 0) {
      for (let i = 0; i < geom.verts.length && !ok; i++) {
        const dx = local[3 * i] - w[0], dy = local[3 * i + 1] - w[1], dz = local[3 * i + 2] - w[2];
        ok = dx * dx + dy * dy + dz * dz <= tol2;
      }
    } else {
      for (let s = 0; s < bd.length && !ok; s += 2) {
        const a = 3 * bd[s], b = 3 * bd[s + 1];
        const ax = local[a], ay = local[a + 1], az = local[a + 2];
        const ex = local[b] - ax, ey = local[b + 1] - ay, ez = local[b + 2] - az;
        const px = w[0] - ax, py = w[1] - ay, pz = w[2] - az;
        const ee = ex * ex + ey * ey + ez * ez;
        let t = ee > 0 ? (px * ex + py * ey + pz * ez) / ee : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = px - t * ex, dy = py - t * ey, dz = pz - t * ez;
        ok = dx * dx + dy * dy + dz * dz <= tol2;
      }
    }
    if (ok) found++;
    else if (requireAll) return 0;
  }
  return found / witnesses.length;
}

/** Points of a Part face's B-Rep vertices (from its loops). */
function brepVertexPoints(part: Part, face: PartFace): Vec3[] {
  const ids = new Set<number>();
  for (const b of face.bounds) {
    if (b.vertex !== undefined) ids.add(b.vertex);
    for (const ce of b.coedges) {
      const e = part.edges[ce.edge];
      if (!e) continue;
      ids.add(e.start);
      ids.add(e.end);
    }
  }
  const pts: Vec3[] = [];
  for (const id of ids) {
    const v = part.vertices[id];
    if (v) pts.push(v.point);
  }
  return pts;
}

function applyInverse(m: number[], positions: Float64Array, v: number, out: Vec3): Vec3 {
  const x = positions[3 * v], y = positions[3 * v + 1], z = positions[3 * v + 2];
  out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
  out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
  out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  return out;
}

function isMeasurable(s: Surface | null): s is Surface {
  return s !== null && s.type !== 'other';
}

interface FaceCheck {
  /** Max vertex distance (mm); null when the surface cannot be measured. Infinity when beyond tolerance (early exit). */
  dev: number | null;
  /** Fraction of the Part face's B-Rep vertices found among the occt face's vertices (1 when it has none). */
  vertexHit: number;
  normalOk: boolean;
}

/** Vertices of an occt face mapped into a body frame, cached per (face, transform). */
function localCoords(flat: FlattenedOcct, geom: FaceGeom & { local?: Float64Array; localInv?: number[] }, inv: number[]): Float64Array {
  if (geom.local && geom.localInv === inv) return geom.local;
  const out = new Float64Array(geom.verts.length * 3);
  const p: Vec3 = [0, 0, 0];
  for (let i = 0; i < geom.verts.length; i++) {
    applyInverse(inv, flat.mesh.positions, geom.verts[i], p);
    out[3 * i] = p[0];
    out[3 * i + 1] = p[1];
    out[3 * i + 2] = p[2];
  }
  geom.local = out;
  geom.localInv = inv;
  return out;
}

/**
 * Compare occt face geometry with Part face `pf` under inverse placement `inv`. With `requireAllVertices`
 * the check stops as soon as one B-Rep vertex is missing. The distance check always stops past `tol`
 * (dev = Infinity).
 */
function checkFace(part: Part, flat: FlattenedOcct, geom: FaceGeom, pf: number, inv: number[], tol: number, bverts: Vec3[], requireAllVertices: boolean): FaceCheck {
  const face = part.faces[pf];
  const local = localCoords(flat, geom, inv);
  const nv = geom.verts.length;
  // B-Rep vertices first: cheap and decisive between coplanar faces.
  let hit = 1;
  if (bverts.length > 0) {
    let found = 0;
    const tol2 = tol * tol;
    for (const bv of bverts) {
      let ok = false;
      for (let i = 0; i < nv; i++) {
        const dx = local[3 * i] - bv[0], dy = local[3 * i + 1] - bv[1], dz = local[3 * i + 2] - bv[2];
        if (dx * dx + dy * dy + dz * dz <= tol2) {
          ok = true;
          break;
        }
      }
      if (ok) found++;
      else if (requireAllVertices) return { dev: Infinity, vertexHit: 0, normalOk: true };
    }
    hit = found / bverts.length;
    if (found === 0) return { dev: Infinity, vertexHit: 0, normalOk: true };
  }
  let dev: number | null = null;
  if (isMeasurable(face.surface)) {
    dev = 0;
    const p: Vec3 = [0, 0, 0];
    for (let i = 0; i < nv; i++) {
      p[0] = local[3 * i];
      p[1] = local[3 * i + 1];
      p[2] = local[3 * i + 2];
      let d: number;
      try {
        d = distanceToSurface(face.surface, p);
      } catch {
        d = NaN;
      }
      if (Number.isNaN(d)) {
        dev = null;
        break;
      }
      if (d > dev) dev = d;
      if (dev > tol) return { dev: Infinity, vertexHit: hit, normalOk: true };
    }
  }
  let normalOk = true;
  if (face.surface?.type === 'plane') {
    const n = geom.normal;
    // rotate by inv (no translation)
    const nx = inv[0] * n[0] + inv[4] * n[1] + inv[8] * n[2];
    const ny = inv[1] * n[0] + inv[5] * n[1] + inv[9] * n[2];
    const nz = inv[2] * n[0] + inv[6] * n[1] + inv[10] * n[2];
    const l = Math.hypot(nx, ny, nz);
    const z = face.surface.frame.z;
    const s = face.reversed ? -1 : 1;
    if (l > 0) normalOk = (s * (nx * z[0] + ny * z[1] + nz * z[2])) / l > COS_NORMAL_OK;
  }
  return { dev, vertexHit: hit, normalOk };
}

function isIdentity(m: number[]): boolean {
  const id = identityMatrix4();
  return m.every((x, i) => Math.abs(x - id[i]) < 1e-12);
}

function collectBodies(part: Part): Body[] {
  const bodies: Body[] = [];
  part.solids.forEach((s, index) => {
    if (s.kind === 'shell_based_surface_model') {
      for (const sh of s.shells) {
        const shell = part.shells[sh];
        if (shell) bodies.push({ ref: { kind: 'shell', index: sh }, faces: shell.faces.slice(), closed: shell.kind === 'closed', transforms: [], inverses: [] });
      }
      return;
    }
    const faces: number[] = [];
    let closed = s.shells.length > 0;
    for (const sh of s.shells) {
      const shell = part.shells[sh];
      if (!shell) continue;
      faces.push(...shell.faces);
      if (shell.kind !== 'closed') closed = false;
    }
    bodies.push({ ref: { kind: 'solid', index }, faces, closed, transforms: [], inverses: [] });
  });
  part.shells.forEach((shell, index) => {
    if (shell.solid === -1) bodies.push({ ref: { kind: 'shell', index }, faces: shell.faces.slice(), closed: shell.kind === 'closed', transforms: [], inverses: [] });
  });
  return bodies;
}

/** World placements of every product (all paths from the roots), capped. */
function productPlacements(part: Part): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  const asm = part.assembly;
  if (!asm) return out;
  const children = new Map<number, { child: number; transform: number[] }[]>();
  for (const inst of asm.instances) {
    const list = children.get(inst.parent) ?? [];
    list.push({ child: inst.child, transform: inst.transform });
    children.set(inst.parent, list);
  }
  let budget = 10_000;
  const visit = (product: number, world: number[], depth: number, path: Set<number>) => {
    if (budget-- <= 0 || depth > 64 || path.has(product)) return;
    const list = out.get(product) ?? [];
    list.push(world);
    out.set(product, list);
    path.add(product);
    for (const c of children.get(product) ?? []) visit(c.child, multiplyMatrix4(world, c.transform), depth + 1, path);
    path.delete(product);
  };
  for (const r of asm.roots) visit(r, identityMatrix4(), 0, new Set());
  return out;
}

function assignTransforms(part: Part, bodies: Body[]): void {
  const placements = productPlacements(part);
  const productsOfSolid = new Map<number, number[]>();
  for (const p of part.assembly?.products ?? []) for (const s of p.solids) productsOfSolid.set(s, [...(productsOfSolid.get(s) ?? []), p.stepId]);
  const key = (m: number[]) => m.map((x) => x.toFixed(9)).join(',');
  for (const b of bodies) {
    const solid = b.ref.kind === 'solid' ? b.ref.index : (part.shells[b.ref.index]?.solid ?? -1);
    const seen = new Set<string>();
    const list: number[][] = [];
    for (const prod of productsOfSolid.get(solid) ?? []) {
      for (const m of placements.get(prod) ?? []) {
        const k = key(m);
        if (!seen.has(k)) {
          seen.add(k);
          list.push(m);
        }
      }
    }
    const id = identityMatrix4();
    if (!seen.has(key(id))) list.push(id);
    b.transforms = list;
    b.inverses = list.map((m) => invertRigidMatrix4(m));
  }
}

interface FaceAssignment {
  occt: number[];
  status: FaceMeshMapping['status'];
  dev: number | null;
  inv: number[];
}

/**
 * Attach an occt-import-js tessellation to a Part built from STEP entities, and fill the mesh-derived
 * measures. See {@link attachTessellation}; this variant also returns what the mapping found.
 */
export function attachTessellationDetailed(part: Part, occt: OcctImportResult, options: AttachTessellationOptions = {}): { part: Part; report: TessellationAttachReport } {
  const flat = flattenOcctResult(occt);
  const diag = boxDiagonal(positionsBoundingBox(flat.mesh.positions)) || 1;
  const tol = options.toleranceMm ?? Math.max(1e-12, (options.toleranceRatio ?? 1e-3) * diag);
  const weldTol = Math.max(1e-12, (options.weldToleranceRatio ?? 1e-6) * diag);
  const bodies = collectBodies(part);
  assignTransforms(part, bodies);

  const geomCache = new Map<number, FaceGeom>();
  const geomOf = (g: number) => {
    let x = geomCache.get(g);
    if (!x) {
      x = faceVertices(flat, g);
      geomCache.set(g, x);
    }
    return x;
  };
  const bvertCache = new Map<number, Vec3[]>();
  const bvertsOf = (pf: number) => {
    let x = bvertCache.get(pf);
    if (!x) {
      x = brepVertexPoints(part, part.faces[pf]);
      bvertCache.set(pf, x);
    }
    return x;
  };
  const witnessCache = new Map<number, Vec3[]>();
  const witnessesOf = (pf: number) => {
    let x = witnessCache.get(pf);
    if (!x) {
      x = edgeWitnessPoints(part, part.faces[pf]);
      witnessCache.set(pf, x);
    }
    return x;
  };
  const nonEmpty = (g: number) => flat.occtFaces[g].last >= flat.occtFaces[g].first;

  const assignments = new Map<number, FaceAssignment>(); // part face → assignment
  const occtTaken = new Uint8Array(flat.occtFaces.length);
  const bodyMapped = new Uint8Array(bodies.length);
  const orientationMismatches = new Set<number>();
  const report: TessellationAttachReport = {
    toleranceMm: tol,
    order: 0,
    geometric: 0,
    unmapped: 0,
    maxDeviationMm: null,
    attachedMeshes: [],
    skippedMeshes: [],
    unmatchedOcctFaces: [],
    orientationMismatches: [],
    unmappedFaces: [],
  };
  const meshInverse = new Map<number, number[]>();

  /** Share of Part face `pf`'s edge witnesses on the occt face's boundary, allowing for its chordal error. */
  const witnessesOnBoundary = (geom: FaceGeom, inv: number[], pf: number, requireAll: boolean): number => {
    const local = localCoords(flat, geom, inv);
    const witnessTol = Math.max(tol, 1.5 * boundaryChordDeviation(geom, local, part.faces[pf].surface));
    return witnessFraction(geom, local, witnessesOf(pf), witnessTol, requireAll);
  };

  /** Order check of mesh m against body b under inverse transform inv: per face pass/fail. */
  const orderCheck = (m: number, b: Body, inv: number[], quick: boolean): { pass: boolean[]; devs: (number | null)[]; normalOk: boolean[]; failures: number } => {
    const r = flat.meshRanges[m];
    const pass: boolean[] = [];
    const devs: (number | null)[] = [];
    const normalOk: boolean[] = [];
    let failures = 0;
    let checked = 0;
    for (let k = 0; k < r.faceCount && k < b.faces.length; k++) {
      const g = r.firstFace + k;
      if (!nonEmpty(g)) {
        pass.push(false);
        devs.push(null);
        normalOk.push(true);
        continue;
      }
      if (quick && checked >= 3) break;
      checked++;
      const geom = geomOf(g);
      const c = checkFace(part, flat, geom, b.faces[k], inv, tol, bvertsOf(b.faces[k]), true);
      // the face's edges must be the occt face's boundary: same surface and same corners is not enough
      // (the two halves of a split cylinder share both)
      const ok = c.dev !== Infinity && c.vertexHit === 1 && witnessesOnBoundary(geom, inv, b.faces[k], true) === 1;
      pass.push(ok && c.normalOk);
      devs.push(c.dev === Infinity ? null : c.dev);
      normalOk.push(c.normalOk);
      if (!ok) {
        failures++;
        if (quick) break;
      }
    }
    return { pass, devs, normalOk, failures };
  };

  /** Part faces matched exactly (surface, every B-Rep vertex, every edge witness) by geometric matching: closed to further occt faces. */
  const exactFaces = new Set<number>();

  /**
   * Geometric matching of the not-yet-assigned occt faces of mesh m against the free faces of body b.
   * Candidates come from a spatial hash of the occt vertices (an occt face is a candidate for a Part face
   * when it has a vertex at one of the face's B-Rep vertices), so the cost stays near linear in faces.
   * 1. Exact pairs first, one to one (best deviation first): the occt face lies on the surface, has every
   *    B-Rep vertex of the Part face and runs along all of its edges (edge witness points on its boundary).
   * 2. The remaining occt faces (pieces of a face split by healing) go to the free Part face whose surface
   *    holds them and whose vertices and edge witnesses they share most; exact-matched faces take no more.
   */
  const geometricMatch = (m: number, b: Body, inv: number[], dryRun: boolean): number => {
    const r = flat.meshRanges[m];
    const freeFaces = b.faces.filter((pf) => !exactFaces.has(pf) && (!assignments.has(pf) || assignments.get(pf)!.status === 'geometric'));
    const freeOcct: number[] = [];
    for (let k = 0; k < r.faceCount; k++) {
      const g = r.firstFace + k;
      if (!occtTaken[g] && nonEmpty(g)) freeOcct.push(g);
    }
    if (freeOcct.length === 0 || freeFaces.length === 0) return 0;
    // spatial hash of the free occt faces' vertices (body frame)
    const cell = 2 * tol;
    const grid = new Map<number, number[]>(); // hash → [occt face, local vertex, ...]
    const hash = (ix: number, iy: number, iz: number) => Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791);
    for (const g of freeOcct) {
      const geom = geomOf(g);
      const local = localCoords(flat, geom, inv);
      for (let i = 0; i < geom.verts.length; i++) {
        const h = hash(Math.floor(local[3 * i] / cell), Math.floor(local[3 * i + 1] / cell), Math.floor(local[3 * i + 2] / cell));
        const list = grid.get(h);
        if (list) list.push(g, i);
        else grid.set(h, [g, i]);
      }
    }
    const tol2 = tol * tol;
    /** occt faces with a vertex within tol of p. */
    const facesNear = (p: Vec3, out: Set<number>) => {
      const cx = Math.floor(p[0] / cell), cy = Math.floor(p[1] / cell), cz = Math.floor(p[2] / cell);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dz = -1; dz <= 1; dz++) {
            const list = grid.get(hash(cx + dx, cy + dy, cz + dz));
            if (!list) continue;
            for (let j = 0; j < list.length; j += 2) {
              const g = list[j];
              if (out.has(g)) continue;
              const local = localCoords(flat, geomOf(g), inv);
              const i = 3 * list[j + 1];
              const ex = local[i] - p[0], ey = local[i + 1] - p[1], ez = local[i + 2] - p[2];
              if (ex * ex + ey * ey + ez * ez <= tol2) out.add(g);
            }
          }
    };
    interface Pair { g: number; pf: number; dev: number; hit: number; wit: number }
    const pairs: Pair[] = [];
    const near = new Set<number>();
    for (const pf of freeFaces) {
      const bv = bvertsOf(pf);
      const hits = new Map<number, number>();
      if (bv.length > 0) {
        for (const p of bv) {
          near.clear();
          facesNear(p, near);
          for (const g of near) hits.set(g, (hits.get(g) ?? 0) + 1);
        }
      } else for (const g of freeOcct) hits.set(g, 0);
      for (const [g, n] of hits) {
        const geom = geomOf(g);
        const c = checkFace(part, flat, geom, pf, inv, tol, [], false);
        if (c.dev === null || c.dev > tol) continue; // geometric matching needs a measurable surface
        const hit = bv.length > 0 ? n / bv.length : 1;
        const wit = witnessesOnBoundary(geom, inv, pf, false);
        pairs.push({ g, pf, dev: c.dev, hit, wit });
      }
    }
    const planned: { g: number; pf: number; dev: number; exact: boolean }[] = [];
    const gDone = new Set<number>();
    const pfExact = new Set<number>();
    const exactPairs = pairs.filter((p) => p.hit === 1 && p.wit === 1).sort((x, y) => x.dev - y.dev);
    for (const p of exactPairs) {
      if (gDone.has(p.g) || pfExact.has(p.pf)) continue;
      gDone.add(p.g);
      pfExact.add(p.pf);
      planned.push({ g: p.g, pf: p.pf, dev: p.dev, exact: true });
    }
    const best = new Map<number, Pair>();
    for (const p of pairs) {
      if (gDone.has(p.g) || pfExact.has(p.pf)) continue;
      const q = best.get(p.g);
      if (!q || p.hit + p.wit > q.hit + q.wit || (p.hit + p.wit === q.hit + q.wit && p.dev < q.dev)) best.set(p.g, p);
    }
    for (const p of best.values()) planned.push({ g: p.g, pf: p.pf, dev: p.dev, exact: false });
    if (dryRun) return planned.length;
    for (const { g, pf, dev, exact } of planned) {
      occtTaken[g] = 1;
      if (exact) exactFaces.add(pf);
      const prev = assignments.get(pf);
      if (prev) {
        prev.occt.push(g);
        prev.dev = Math.max(prev.dev ?? 0, dev);
      } else assignments.set(pf, { occt: [g], status: 'geometric', dev, inv });
      const c = checkFace(part, flat, geomOf(g), pf, inv, tol, [], false);
      if (!c.normalOk) orientationMismatches.add(pf);
    }
    return planned.length;
  };

  const nonEmptyCount = (m: number) => {
    const r = flat.meshRanges[m];
    let n = 0;
    for (let k = 0; k < r.faceCount; k++) if (nonEmpty(r.firstFace + k)) n++;
    return n;
  };

  let nextBody = 0;
  for (let m = 0; m < flat.meshRanges.length; m++) {
    const r = flat.meshRanges[m];
    if (r.faceCount === 0) continue;
    let attached = false;
    // 1) order mapping against a body with the same face count (unmapped bodies, from the expected one on)
    for (let step = 0; step < bodies.length && !attached; step++) {
      const bi = (nextBody + step) % bodies.length;
      const b = bodies[bi];
      if (bodyMapped[bi] || b.faces.length !== r.faceCount) continue;
      for (const inv of b.inverses) {
        if (orderCheck(m, b, inv, true).failures > 0) continue;
        const full = orderCheck(m, b, inv, false);
        if (full.failures > Math.max(0, Math.floor(0.2 * r.faceCount))) continue;
        // accept: verified faces by order, the rest geometrically
        for (let k = 0; k < full.pass.length; k++) {
          if (!full.pass[k]) continue;
          const g = r.firstFace + k;
          occtTaken[g] = 1;
          assignments.set(b.faces[k], { occt: [g], status: 'order', dev: full.devs[k], inv });
        }
        // order-check faces that failed only on orientation: record them, map geometrically below
        for (let k = 0; k < full.normalOk.length; k++) if (!full.normalOk[k]) orientationMismatches.add(b.faces[k]);
        geometricMatch(m, b, inv, false);
        bodyMapped[bi] = 1;
        meshInverse.set(m, inv);
        report.attachedMeshes.push({ meshIndex: m, body: b.ref, transformed: !isIdentity(inv) });
        nextBody = bi + 1;
        attached = true;
        break;
      }
    }
    // 2) geometric mapping against an unmapped body of similar size
    if (!attached) {
      const need = nonEmptyCount(m);
      let bestBody = -1;
      let bestInv: number[] | null = null;
      let bestMatched = 0;
      for (let step = 0; step < bodies.length; step++) {
        const bi = (nextBody + step) % bodies.length;
        const b = bodies[bi];
        if (bodyMapped[bi]) continue;
        if (Math.abs(b.faces.length - r.faceCount) > Math.max(2, 0.2 * r.faceCount)) continue;
        for (const inv of b.inverses) {
          const matched = geometricMatch(m, b, inv, true);
          if (matched > bestMatched) {
            bestMatched = matched;
            bestBody = bi;
            bestInv = inv;
          }
        }
        if (bestMatched === need) break;
      }
      if (bestBody >= 0 && bestInv && bestMatched >= Math.max(1, Math.ceil(0.8 * need))) {
        const b = bodies[bestBody];
        geometricMatch(m, b, bestInv, false);
        bodyMapped[bestBody] = 1;
        meshInverse.set(m, bestInv);
        report.attachedMeshes.push({ meshIndex: m, body: b.ref, transformed: !isIdentity(bestInv) });
        nextBody = bestBody + 1;
        attached = true;
      }
    }
    if (!attached) {
      const sameCountMapped = bodies.some((b, bi) => bodyMapped[bi] && b.faces.length === r.faceCount);
      report.skippedMeshes.push({ meshIndex: m, reason: sameCountMapped ? 'repeated-instance' : 'no-matching-body' });
    }
  }

  // Build the Part mesh in the bodies' own frames: each face's triangles once, in face order, then the
  // triangles of unmatched occt faces of attached meshes (triangleFace -1).
  const src = flat.mesh;
  const outPos: number[] = [];
  const outNor: number[] = [];
  const outIdx: number[] = [];
  const outFace: number[] = [];
  const hasNormals = src.normals.length === src.positions.length && src.normals.length > 0;
  const p: Vec3 = [0, 0, 0];
  const copyTriangles = (g: number, inv: number[], faceIndex: number, vmap: Map<number, number>) => {
    const of = flat.occtFaces[g];
    for (let t = of.first; t <= of.last; t++) {
      for (let k = 0; k < 3; k++) {
        const v = src.indices[3 * t + k];
        let nv = vmap.get(v);
        if (nv === undefined) {
          nv = outPos.length / 3;
          vmap.set(v, nv);
          applyInverse(inv, src.positions, v, p);
          outPos.push(p[0], p[1], p[2]);
          if (hasNormals) {
            const nx = src.normals[3 * v], ny = src.normals[3 * v + 1], nz = src.normals[3 * v + 2];
            outNor.push(inv[0] * nx + inv[4] * ny + inv[8] * nz, inv[1] * nx + inv[5] * ny + inv[9] * nz, inv[2] * nx + inv[6] * ny + inv[10] * nz);
          }
        }
        outIdx.push(nv);
      }
      outFace.push(faceIndex);
    }
  };

  const bodyOfFace = new Map<number, number>();
  bodies.forEach((b, bi) => {
    for (const pf of b.faces) if (!bodyOfFace.has(pf)) bodyOfFace.set(pf, bi);
  });
  const faces: PartFace[] = part.faces.map((f) => ({ ...f }));
  let maxDev: number | null = null;
  for (const face of faces) {
    const a = assignments.get(face.index);
    if (!a) {
      face.triangles = null;
      face.mapping = { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null };
      report.unmapped++;
      const bi = bodyOfFace.get(face.index);
      let reason: UnmappedFaceReason;
      if (bi === undefined) reason = 'not-in-a-body';
      else if (!bodyMapped[bi]) reason = 'body-not-attached';
      else if (!isMeasurable(face.surface)) reason = 'surface-not-measurable';
      else reason = 'no-verified-occt-face';
      report.unmappedFaces.push({ face: face.index, body: bi === undefined ? null : bodies[bi].ref, reason });
      continue;
    }
    const first = outFace.length;
    const vmap = new Map<number, number>();
    for (const g of a.occt) copyTriangles(g, a.inv, face.index, vmap);
    face.triangles = { first, count: outFace.length - first };
    face.mapping = { status: a.status, occtFaceIndex: a.occt[0], maxDeviationMm: a.dev };
    if (a.status === 'order') report.order++;
    else report.geometric++;
    if (a.dev !== null) maxDev = Math.max(maxDev ?? 0, a.dev);
  }
  for (const [m, inv] of meshInverse) {
    const r = flat.meshRanges[m];
    for (let k = 0; k < r.faceCount; k++) {
      const g = r.firstFace + k;
      if (occtTaken[g] || !nonEmpty(g)) continue;
      copyTriangles(g, inv, -1, new Map());
    }
  }
  for (let g = 0; g < flat.occtFaces.length; g++) if (!occtTaken[g] && nonEmpty(g)) report.unmatchedOcctFaces.push(g);
  report.maxDeviationMm = maxDev;
  report.orientationMismatches = [...orientationMismatches].sort((x, y) => x - y);

  const mesh: PartMesh = {
    positions: Float64Array.from(outPos),
    normals: Float32Array.from(outNor),
    indices: Uint32Array.from(outIdx),
    triangleFace: Int32Array.from(outFace),
  };
  for (const face of faces) applyFaceMeasures(face, mesh);

  // Volume: every solid body must be attached and closed.
  const volumeGroups: VolumeGroup[] = [];
  let volumeKnown = true;
  bodies.forEach((b, bi) => {
    if (b.ref.kind !== 'solid' || !b.closed) return;
    if (!bodyMapped[bi] || b.faces.some((pf) => !faces[pf]?.triangles)) volumeKnown = false;
    volumeGroups.push({ ranges: b.faces.map((pf) => faces[pf]?.triangles).filter((x): x is { first: number; count: number } => !!x && x.count > 0) });
  });
  const summary = summarizePart(
    { edgeCount: part.summary.edgeCount, vertexCount: part.summary.vertexCount, solidCount: part.summary.solidCount, shellCount: part.summary.shellCount },
    faces,
    mesh,
    volumeKnown ? volumeGroups : [],
    weldTol,
  );
  return { part: { ...part, faces, mesh, summary }, report };
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
