import type { Aag, AagArc, Convexity, PartMesh } from '../model/index.js';
import { SMOOTH_ANGLE_RAD } from '../model/index.js';
import { weldVertices } from '../geometry/weld.js';
import { triangleAreaVector } from '../geometry/mesh-measures.js';

/** Options of {@link buildMeshAag}. */
export interface MeshAagOptions {
  /** Vertices closer than this are welded before edges are compared (mm). Required: pass a size-relative value. */
  weldToleranceMm: number;
}

const COS_SMOOTH = Math.cos(SMOOTH_ANGLE_RAD);

/**
 * Build an attributed adjacency graph from a triangle mesh whose triangles carry a face index
 * (`mesh.triangleFace`). Two faces are adjacent when, after welding, a triangle edge of one coincides
 * with a triangle edge of the other. Per arc:
 * - `lengthMm`: total length of the shared mesh edges;
 * - normals: occt's per-face vertex normals at both ends of each shared segment (they are the surfaces'
 *   outward normals, so tangent joins stay smooth); the triangles' normals when the mesh has none;
 * - `dihedralDeg`: angle of the length-weighted mean normal dot product;
 * - `convexity`: smooth when that mean dot > cos 5°; otherwise convex when Σ len·(n_A × n_B)·d_A > 0, where
 *   d_A is the segment's direction in face A's (counter-clockwise, outward) winding — equivalent to
 *   AAGNet's "n_R · d_L < 0" rule.
 * `edges` is empty: a mesh has no B-Rep edges.
 *
 * @example
 * ```ts
 * const aag = buildMeshAag(part.mesh, part.faces.length, { weldToleranceMm: 1e-5 * diagonal });
 * ```
 */
export function buildMeshAag(mesh: PartMesh, faceCount: number, options: MeshAagOptions): Aag {
  const { positions, indices, triangleFace, normals } = mesh;
  const nt = indices.length / 3;
  const { remap } = weldVertices(positions, options.weldToleranceMm);
  const useVertexNormals = normals.length === positions.length && normals.length > 0;

  // Edge records, chained per undirected welded edge.
  const heads = new Map<number, number>();
  const recTri = new Int32Array(nt * 3);
  const recK = new Uint8Array(nt * 3);
  const recNext = new Int32Array(nt * 3);
  let nrec = 0;
  let maxV = 0;
  for (let i = 0; i < remap.length; i++) if (remap[i] > maxV) maxV = remap[i];
  const M = maxV + 1;
  for (let t = 0; t < nt; t++) {
    if (triangleFace[t] < 0) continue;
    for (let k = 0; k < 3; k++) {
      const p = remap[indices[3 * t + k]];
      const q = remap[indices[3 * t + ((k + 1) % 3)]];
      if (p === q) continue;
      const key = p < q ? p * M + q : q * M + p;
      const r = nrec++;
      recTri[r] = t;
      recK[r] = k;
      const h = heads.get(key);
      recNext[r] = h === undefined ? -1 : h;
      heads.set(key, r);
    }
  }

  interface Acc {
    a: number;
    b: number;
    len: number;
    dotLen: number;
    signLen: number;
  }
  const accs = new Map<number, Acc>();
  const nA = [0, 0, 0];
  const nB = [0, 0, 0];
  const tmp: [number, number, number] = [0, 0, 0];
  const group: number[] = [];

  const unitTriNormal = (t: number, out: number[]) => {
    triangleAreaVector(positions, indices, t, tmp);
    const l = Math.hypot(tmp[0], tmp[1], tmp[2]) || 1;
    out[0] = tmp[0] / l;
    out[1] = tmp[1] / l;
    out[2] = tmp[2] / l;
  };
  const vertexNormal = (v: number, out: number[]) => {
    const l = Math.hypot(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]) || 1;
    out[0] = normals[3 * v] / l;
    out[1] = normals[3 * v + 1] / l;
    out[2] = normals[3 * v + 2] / l;
  };

  const addSegment = (ra: number, rb: number) => {
    const ta = recTri[ra], tb = recTri[rb];
    let fa = triangleFace[ta], fb = triangleFace[tb];
    if (fa === fb) return;
    // segment endpoints in A's winding (original, unwelded vertex ids)
    const pa = indices[3 * ta + recK[ra]];
    const qa = indices[3 * ta + ((recK[ra] + 1) % 3)];
    const pbo = indices[3 * tb + recK[rb]];
    const qbo = indices[3 * tb + ((recK[rb] + 1) % 3)];
    // B's vertex matching A's p: B traverses the edge q→p when consistently oriented
    const bAtP = remap[pbo] === remap[pa] ? pbo : qbo;
    const bAtQ = bAtP === pbo ? qbo : pbo;
    const dx = positions[3 * qa] - positions[3 * pa];
    const dy = positions[3 * qa + 1] - positions[3 * pa + 1];
    const dz = positions[3 * qa + 2] - positions[3 * pa + 2];
    const len = Math.hypot(dx, dy, dz);
    if (len === 0) return;
    let dot = 0;
    let sgn = 0;
    const ends = useVertexNormals ? [[pa, bAtP], [qa, bAtQ]] : [[-1, -1]];
    for (const [va, vb] of ends) {
      if (va >= 0) {
        vertexNormal(va, nA);
        vertexNormal(vb, nB);
      } else {
        unitTriNormal(ta, nA);
        unitTriNormal(tb, nB);
      }
      dot += nA[0] * nB[0] + nA[1] * nB[1] + nA[2] * nB[2];
      const cx = nA[1] * nB[2] - nA[2] * nB[1];
      const cy = nA[2] * nB[0] - nA[0] * nB[2];
      const cz = nA[0] * nB[1] - nA[1] * nB[0];
      sgn += (cx * dx + cy * dy + cz * dz) / len;
    }
    dot /= ends.length;
    sgn /= ends.length;
    if (fa > fb) [fa, fb] = [fb, fa];
    const key = fa * faceCount + fb;
    let acc = accs.get(key);
    if (!acc) {
      acc = { a: fa, b: fb, len: 0, dotLen: 0, signLen: 0 };
      accs.set(key, acc);
    }
    acc.len += len;
    acc.dotLen += dot * len;
    acc.signLen += sgn * len;
  };

  for (const head of heads.values()) {
    group.length = 0;
    for (let r = head; r >= 0; r = recNext[r]) group.push(r);
    if (group.length < 2) continue;
    if (group.length === 2) {
      addSegment(group[0], group[1]);
      continue;
    }
    // Non-manifold or duplicated edge: pair uses of different faces in opposite directions, greedily.
    const used = new Uint8Array(group.length);
    for (let i = 0; i < group.length; i++) {
      if (used[i]) continue;
      const ri = group[i];
      const pi = remap[indices[3 * recTri[ri] + recK[ri]]];
      for (let j = i + 1; j < group.length; j++) {
        if (used[j]) continue;
        const rj = group[j];
        const pj = remap[indices[3 * recTri[rj] + recK[rj]]];
        if (pi !== pj && triangleFace[recTri[ri]] !== triangleFace[recTri[rj]]) {
          used[i] = used[j] = 1;
          addSegment(ri, rj);
          break;
        }
      }
    }
  }

  const arcs: AagArc[] = [...accs.values()]
    .sort((x, y) => x.a - y.a || x.b - y.b)
    .map((acc) => {
      const meanDot = Math.max(-1, Math.min(1, acc.dotLen / acc.len));
      const convexity: Convexity = meanDot > COS_SMOOTH ? 'smooth' : acc.signLen > 0 ? 'convex' : 'concave';
      return { a: acc.a, b: acc.b, convexity, dihedralDeg: (Math.acos(meanDot) * 180) / Math.PI, lengthMm: acc.len, edges: [] };
    });
  const neighbours: number[][] = Array.from({ length: faceCount }, () => []);
  arcs.forEach((arc, i) => {
    neighbours[arc.a].push(i);
    neighbours[arc.b].push(i);
  });
  return { faceCount, arcs, neighbours };
}
