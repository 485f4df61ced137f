import { createSeededRandom as rng } from '../../src/geometry/seeded-random.js';
/**
 * Clean closed meshes built in code, and seeded damage, for the healing oracle tests, the tier
 * tests and the healing benchmark. Not a test file itself.
 */
import type { PartMesh } from '../../src/model/index.js';

export interface SimpleMesh {
  positions: Float64Array;
  indices: Uint32Array;
}

export function toPartMesh(m: SimpleMesh): PartMesh {
  return { positions: m.positions, indices: m.indices, normals: new Float32Array(0), triangleFace: new Int32Array(m.indices.length / 3).fill(-1) };
}

export { createSeededRandom as rng } from '../../src/geometry/seeded-random.js';

export function signedVolume(m: SimpleMesh): number {
  const p = m.positions, idx = m.indices;
  let v = 0;
  for (let t = 0; t < idx.length / 3; t++) {
    const a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
    v += p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return v / 6;
}

function orientOutward(m: SimpleMesh): SimpleMesh {
  if (signedVolume(m) < 0) {
    for (let t = 0; t < m.indices.length / 3; t++) {
      const b = m.indices[t * 3 + 1];
      m.indices[t * 3 + 1] = m.indices[t * 3 + 2];
      m.indices[t * 3 + 2] = b;
    }
  }
  return m;
}

/** Axis-aligned cube [0,size]³ with every face an n×n grid (12·n² triangles). */
export function subdividedCube(n: number, size = 10): SimpleMesh {
  const map = new Map<string, number>();
  const pos: number[] = [];
  const idx: number[] = [];
  const vert = (i: number, j: number, k: number) => {
    const key = `${i},${j},${k}`;
    let v = map.get(key);
    if (v === undefined) {
      v = pos.length / 3;
      map.set(key, v);
      pos.push((i / n) * size, (j / n) * size, (k / n) * size);
    }
    return v;
  };
  // each face: fixed axis a at value s (0 or n), spanning axes b, c; winding chosen so normals point out
  for (const a of [0, 1, 2]) {
    for (const s of [0, n]) {
      const b = (a + 1) % 3, c = (a + 2) % 3;
      for (let u = 0; u < n; u++)
        for (let v = 0; v < n; v++) {
          const g = (du: number, dv: number) => {
            const ijk = [0, 0, 0];
            ijk[a] = s;
            ijk[b] = u + du;
            ijk[c] = v + dv;
            return vert(ijk[0], ijk[1], ijk[2]);
          };
          const q = [g(0, 0), g(1, 0), g(1, 1), g(0, 1)];
          if (s === n) idx.push(q[0], q[1], q[2], q[0], q[2], q[3]);
          else idx.push(q[0], q[2], q[1], q[0], q[3], q[2]);
        }
    }
  }
  return orientOutward({ positions: new Float64Array(pos), indices: new Uint32Array(idx) });
}

/** UV sphere: `rings` latitude bands, `segments` longitudes; 2·segments·(rings−1) triangles. */
export function uvSphere(rings: number, segments: number, radius = 10, center: [number, number, number] = [0, 0, 0]): SimpleMesh {
  const pos: number[] = [center[0], center[1], center[2] + radius];
  for (let r = 1; r < rings; r++) {
    const phi = (Math.PI * r) / rings;
    for (let s = 0; s < segments; s++) {
      const th = (2 * Math.PI * s) / segments;
      pos.push(center[0] + radius * Math.sin(phi) * Math.cos(th), center[1] + radius * Math.sin(phi) * Math.sin(th), center[2] + radius * Math.cos(phi));
    }
  }
  pos.push(center[0], center[1], center[2] - radius);
  const south = pos.length / 3 - 1;
  const ring = (r: number, s: number) => 1 + (r - 1) * segments + (s % segments);
  const idx: number[] = [];
  for (let s = 0; s < segments; s++) idx.push(0, ring(1, s), ring(1, s + 1));
  for (let r = 1; r < rings - 1; r++)
    for (let s = 0; s < segments; s++) {
      const a = ring(r, s), b = ring(r, s + 1), c = ring(r + 1, s), d = ring(r + 1, s + 1);
      idx.push(a, c, d, a, d, b);
    }
  for (let s = 0; s < segments; s++) idx.push(south, ring(rings - 1, s + 1), ring(rings - 1, s));
  return orientOutward({ positions: new Float64Array(pos), indices: new Uint32Array(idx) });
}

/** Sphere subdivided until it has at least `minTriangles` triangles (UV layout, rings = segments/2). */
export function sphereWithTriangles(minTriangles: number, radius = 10): SimpleMesh {
  const seg = Math.max(8, Math.ceil(Math.sqrt(minTriangles)));
  return uvSphere(Math.max(4, Math.ceil(seg / 2)), seg, radius);
}

/**
 * Box w×d×h (centred in x/y at the origin, z from 0 to h) with a cylindrical through hole of radius r
 * along z, `segments` (a multiple of 8) around. Volume = w·d·h − (segments/2)·r²·sin(2π/segments)·h for w = d.
 */
export function boxWithHole(w = 40, h = 10, r = 6, segments = 32): SimpleMesh {
  const pos: number[] = [];
  const idx: number[] = [];
  const outer = (z: number, i: number) => {
    const th = (2 * Math.PI * i) / segments;
    const c = Math.cos(th), s = Math.sin(th);
    const k = (w / 2) / Math.max(Math.abs(c), Math.abs(s));
    pos.push(c * k, s * k, z);
  };
  const inner = (z: number, i: number) => {
    const th = (2 * Math.PI * i) / segments;
    pos.push(r * Math.cos(th), r * Math.sin(th), z);
  };
  for (let i = 0; i < segments; i++) outer(0, i);
  for (let i = 0; i < segments; i++) outer(h, i);
  for (let i = 0; i < segments; i++) inner(0, i);
  for (let i = 0; i < segments; i++) inner(h, i);
  const O0 = (i: number) => i % segments, O1 = (i: number) => segments + (i % segments);
  const I0 = (i: number) => 2 * segments + (i % segments), I1 = (i: number) => 3 * segments + (i % segments);
  for (let i = 0; i < segments; i++) {
    // bottom annulus (normal -z), top annulus (+z), outer wall, inner wall
    idx.push(O0(i), I0(i), I0(i + 1), O0(i), I0(i + 1), O0(i + 1));
    idx.push(O1(i), O1(i + 1), I1(i + 1), O1(i), I1(i + 1), I1(i));
    idx.push(O0(i), O0(i + 1), O1(i + 1), O0(i), O1(i + 1), O1(i));
    idx.push(I0(i), I1(i), I1(i + 1), I0(i), I1(i + 1), I0(i + 1));
  }
  return orientOutward({ positions: new Float64Array(pos), indices: new Uint32Array(idx) });
}

export interface DamageOptions {
  seed: number;
  /** Explode into a triangle soup with per-corner jitter up to this much per axis (mm). */
  jitterMm?: number;
  drop?: number;
  flip?: number;
  duplicate?: number;
  slivers?: number;
  /** Slivers that reuse an existing mesh vertex as one corner. */
  sliversSharingVertex?: number;
  /** Remove every triangle with a corner within this distance (mm) of a random vertex: one larger hole. */
  patchRadiusMm?: number;
}

/** Seeded damage. Returns a new mesh; the input is untouched. */
export function damage(m: SimpleMesh, o: DamageOptions): SimpleMesh {
  const rand = rng(o.seed);
  const n = m.indices.length / 3;
  const pick = () => Math.floor(rand() * n);
  let tris: number[][] = [];
  for (let t = 0; t < n; t++) tris.push([m.indices[t * 3], m.indices[t * 3 + 1], m.indices[t * 3 + 2]]);
  const dropped = new Set<number>();
  for (let i = 0; i < (o.drop ?? 0); i++) dropped.add(pick());
  const dupSrc: number[] = [];
  for (let i = 0; i < (o.duplicate ?? 0); i++) dupSrc.push(pick());
  for (let i = 0; i < (o.flip ?? 0); i++) {
    const t = tris[pick()];
    [t[1], t[2]] = [t[2], t[1]];
  }
  const pos = Array.from(m.positions);
  const extra: number[][] = [];
  for (const t of dupSrc) extra.push(rand() < 0.5 ? tris[t].slice() : [tris[t][0], tris[t][2], tris[t][1]]);
  // slivers: thin triangles with new vertices piercing the surface at a triangle's centroid
  for (let i = 0; i < (o.slivers ?? 0); i++) {
    const t = tris[pick()];
    const P = (v: number) => [pos[v * 3], pos[v * 3 + 1], pos[v * 3 + 2]];
    const [a, b, c] = t.map(P);
    const cen = [0, 1, 2].map((k) => (a[k] + b[k] + c[k]) / 3);
    const u = [0, 1, 2].map((k) => b[k] - a[k]);
    const v = [0, 1, 2].map((k) => c[k] - a[k]);
    const nrm = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const nl = Math.hypot(nrm[0], nrm[1], nrm[2]);
    const L = Math.sqrt(nl) * 0.3;
    const d = nrm.map((x) => x / nl);
    const ul = Math.hypot(u[0], u[1], u[2]);
    const base = pos.length / 3;
    pos.push(cen[0] - d[0] * L, cen[1] - d[1] * L, cen[2] - d[2] * L);
    pos.push(cen[0] + d[0] * L, cen[1] + d[1] * L, cen[2] + d[2] * L);
    pos.push(cen[0] + d[0] * L + (u[0] / ul) * L * 0.05, cen[1] + d[1] * L + (u[1] / ul) * L * 0.05, cen[2] + d[2] * L + (u[2] / ul) * L * 0.05);
    extra.push([base, base + 1, base + 2]);
  }
  for (let i = 0; i < (o.sliversSharingVertex ?? 0); i++) {
    const t = tris[pick()];
    const v = t[0];
    const P = (x: number) => [pos[x * 3], pos[x * 3 + 1], pos[x * 3 + 2]];
    const [a, b, c] = t.map(P);
    const cen = [0, 1, 2].map((k) => (a[k] + b[k] + c[k]) / 3);
    const u = [0, 1, 2].map((k) => b[k] - a[k]);
    const w = [0, 1, 2].map((k) => c[k] - a[k]);
    const nrm = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const nl = Math.hypot(nrm[0], nrm[1], nrm[2]);
    const L = Math.sqrt(nl) * 0.3;
    const base = pos.length / 3;
    // from the shared vertex a through the triangle's interior, out the other side
    pos.push(cen[0] - (nrm[0] / nl) * L + (cen[0] - a[0]) * 0.25, cen[1] - (nrm[1] / nl) * L + (cen[1] - a[1]) * 0.25, cen[2] - (nrm[2] / nl) * L + (cen[2] - a[2]) * 0.25);
    pos.push(cen[0] + (nrm[0] / nl) * L + (cen[0] - a[0]) * 0.25, cen[1] + (nrm[1] / nl) * L + (cen[1] - a[1]) * 0.25, cen[2] + (nrm[2] / nl) * L + (cen[2] - a[2]) * 0.25);
    extra.push([v, base, base + 1]);
  }
  if (o.patchRadiusMm) {
    const centre = m.indices[pick() * 3];
    const cx = pos[centre * 3], cy = pos[centre * 3 + 1], cz = pos[centre * 3 + 2];
    const r2 = o.patchRadiusMm ** 2;
    tris.forEach((t, ti) => {
      if (t.some((v) => (pos[v * 3] - cx) ** 2 + (pos[v * 3 + 1] - cy) ** 2 + (pos[v * 3 + 2] - cz) ** 2 <= r2)) dropped.add(ti);
    });
  }
  tris = tris.filter((_, t) => !dropped.has(t)).concat(extra);
  // shuffle so damage is not in a tidy block
  for (let i = tris.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [tris[i], tris[j]] = [tris[j], tris[i]];
  }
  if (o.jitterMm) {
    const soup: number[] = [];
    for (const t of tris) for (const v of t) soup.push(pos[v * 3] + (rand() * 2 - 1) * o.jitterMm, pos[v * 3 + 1] + (rand() * 2 - 1) * o.jitterMm, pos[v * 3 + 2] + (rand() * 2 - 1) * o.jitterMm);
    const indices = new Uint32Array(tris.length * 3);
    for (let i = 0; i < indices.length; i++) indices[i] = i;
    return { positions: new Float64Array(soup), indices };
  }
  return { positions: new Float64Array(pos), indices: new Uint32Array(tris.flat()) };
}

/** Brute-force O(n²) intersection pairs with an independent predicate: some edge of one triangle pierces the other. */
export function bruteForceIntersections(m: SimpleMesh): Array<[number, number]> {
  const p = m.positions, idx = m.indices;
  const n = idx.length / 3;
  const out: Array<[number, number]> = [];
  const V = (v: number) => [p[v * 3], p[v * 3 + 1], p[v * 3 + 2]];
  const segHits = (o: number[], q: number[], a: number[], b: number[], c: number[]) => {
    // Möller–Trumbore on the segment o→q
    const d = [q[0] - o[0], q[1] - o[1], q[2] - o[2]];
    const e1 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const e2 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    const h = [d[1] * e2[2] - d[2] * e2[1], d[2] * e2[0] - d[0] * e2[2], d[0] * e2[1] - d[1] * e2[0]];
    const det = e1[0] * h[0] + e1[1] * h[1] + e1[2] * h[2];
    if (Math.abs(det) < 1e-15) return false;
    const s = [o[0] - a[0], o[1] - a[1], o[2] - a[2]];
    const u = (s[0] * h[0] + s[1] * h[1] + s[2] * h[2]) / det;
    if (u <= 1e-9 || u >= 1 - 1e-9) return false;
    const qv = [s[1] * e1[2] - s[2] * e1[1], s[2] * e1[0] - s[0] * e1[2], s[0] * e1[1] - s[1] * e1[0]];
    const v = (d[0] * qv[0] + d[1] * qv[1] + d[2] * qv[2]) / det;
    if (v <= 1e-9 || u + v >= 1 - 1e-9) return false;
    const t = (e2[0] * qv[0] + e2[1] * qv[1] + e2[2] * qv[2]) / det;
    return t > 1e-9 && t < 1 - 1e-9;
  };
  for (let i = 0; i < n; i++) {
    const A = [idx[i * 3], idx[i * 3 + 1], idx[i * 3 + 2]];
    for (let j = i + 1; j < n; j++) {
      const B = [idx[j * 3], idx[j * 3 + 1], idx[j * 3 + 2]];
      if (A.some((v) => B.includes(v))) continue;
      const a = A.map(V), b = B.map(V);
      let hit = false;
      for (let k = 0; k < 3 && !hit; k++) hit = segHits(a[k], a[(k + 1) % 3], b[0], b[1], b[2]) || segHits(b[k], b[(k + 1) % 3], a[0], a[1], a[2]);
      if (hit) out.push([i, j]);
    }
  }
  return out;
}
