import type { FaceMeshMapping, Part, PartFace, PartMesh, Surface, Vec3 } from '../model/index.js';
import { distanceToSurface } from '../geometry/surface-distance.js';
import { identityMatrix4, invertRigidMatrix4, multiplyMatrix4 } from '../geometry/frame.js';
import { boxDiagonal, positionsBoundingBox } from '../geometry/mesh-measures.js';
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
}

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
}

const COS_NORMAL_OK = 0.5;

function faceVertices(flat: FlattenedOcct, g: number): FaceGeom {
  const of = flat.occtFaces[g];
  const { indices, positions } = flat.mesh;
  const set = new Set<number>();
  const n: Vec3 = [0, 0, 0];
  for (let t = of.first; t <= of.last; t++) {
    const a = indices[3 * t], b = indices[3 * t + 1], c = indices[3 * t + 2];
    set.add(a);
    set.add(b);
    set.add(c);
    const ux = positions[3 * b] - positions[3 * a], uy = positions[3 * b + 1] - positions[3 * a + 1], uz = positions[3 * b + 2] - positions[3 * a + 2];
    const vx = positions[3 * c] - positions[3 * a], vy = positions[3 * c + 1] - positions[3 * a + 1], vz = positions[3 * c + 2] - positions[3 * a + 2];
    n[0] += uy * vz - uz * vy;
    n[1] += uz * vx - ux * vz;
    n[2] += ux * vy - uy * vx;
  }
  return { verts: Uint32Array.from(set), normal: n };
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
  };
  const meshInverse = new Map<number, number[]>();

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
      const c = checkFace(part, flat, geomOf(g), b.faces[k], inv, tol, bvertsOf(b.faces[k]), true);
      const ok = c.dev !== Infinity && c.vertexHit === 1;
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

  /** Geometric matching of the not-yet-assigned occt faces of mesh m against the free faces of body b. */
  const geometricMatch = (m: number, b: Body, inv: number[], dryRun: boolean): number => {
    const r = flat.meshRanges[m];
    let matched = 0;
    const freeFaces = b.faces.filter((pf) => !assignments.has(pf) || assignments.get(pf)!.status === 'geometric');
    for (let k = 0; k < r.faceCount; k++) {
      const g = r.firstFace + k;
      if (occtTaken[g] || !nonEmpty(g)) continue;
      let best = -1;
      let bestHit = -1;
      let bestDev = Infinity;
      for (const pf of freeFaces) {
        const c = checkFace(part, flat, geomOf(g), pf, inv, tol, bvertsOf(pf), false);
        if (c.dev === null || c.dev > tol) continue; // geometric matching needs a measurable surface
        const hit = c.vertexHit;
        if (bvertsOf(pf).length > 0 && hit === 0) continue;
        if (hit > bestHit || (hit === bestHit && c.dev < bestDev)) {
          best = pf;
          bestHit = hit;
          bestDev = c.dev;
        }
      }
      if (best < 0) continue;
      matched++;
      if (dryRun) continue;
      occtTaken[g] = 1;
      const prev = assignments.get(best);
      if (prev) {
        prev.occt.push(g);
        prev.dev = Math.max(prev.dev ?? 0, bestDev);
      } else assignments.set(best, { occt: [g], status: 'geometric', dev: bestDev, inv });
      const c = checkFace(part, flat, geomOf(g), best, inv, tol, [], false);
      if (!c.normalOk) orientationMismatches.add(best);
    }
    return matched;
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

  const faces: PartFace[] = part.faces.map((f) => ({ ...f }));
  let maxDev: number | null = null;
  for (const face of faces) {
    const a = assignments.get(face.index);
    if (!a) {
      face.triangles = null;
      face.mapping = { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null };
      report.unmapped++;
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
 *    and for planes the triangle winding agrees with the plane normal and `reversed`.
 * 3. Faces that fail, and meshes whose face count differs (OpenCascade's healing can split, merge or drop faces),
 *    fall back to **geometric** matching: the Part face whose surface holds all the triangles' vertices and
 *    that shares the most B-Rep vertices with them. A Part face may take several occt faces (a split face).
 * 4. Anything else is **unmapped** (no triangles), never guessed.
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
