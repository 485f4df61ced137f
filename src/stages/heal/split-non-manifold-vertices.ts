import type { WorkMesh } from './healing-types.js';
import { buildEdgeTopology, cornerOfEdge } from './mesh-topology.js';
import type { EdgeTopology } from './mesh-topology.js';

/**
 * Group each vertex's triangle corners into fans connected through two-triangle edges
 * (union-find over corners). A vertex with several fans is non-manifold.
 * Returns the fan root per corner.
 * @internal
 */
export function cornerFans(idx: Uint32Array, topo: EdgeTopology): Int32Array {
  const corners = idx.length;
  const parent = new Int32Array(corners);
  for (let i = 0; i < corners; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
  };
  for (let e = 0; e < topo.edgeCount; e++) {
    if (topo.edgeUses[e] !== 2) continue;
    const t0 = topo.edgeTri0[e], t1 = topo.edgeTri1[e];
    const k0 = cornerOfEdge(topo, t0, e), k1 = cornerOfEdge(topo, t1, e);
    // the edge's two vertices: corner k and k+1 in each triangle
    const a0 = t0 * 3 + k0, b0 = t0 * 3 + ((k0 + 1) % 3);
    const a1 = t1 * 3 + k1, b1 = t1 * 3 + ((k1 + 1) % 3);
    if (idx[a0] === idx[a1]) {
      union(a0, a1);
      union(b0, b1);
    } else {
      union(a0, b1);
      union(b0, a1);
    }
  }
  const root = new Int32Array(corners);
  for (let i = 0; i < corners; i++) root[i] = find(i);
  return root;
}

/** @internal Vertices with more than one fan. */
export function findNonManifoldVertices(idx: Uint32Array, vertexCount: number, topo = buildEdgeTopology(idx)): number[] {
  const root = cornerFans(idx, topo);
  const first = new Int32Array(vertexCount).fill(-1);
  const bad = new Uint8Array(vertexCount);
  const out: number[] = [];
  for (let c = 0; c < idx.length; c++) {
    const v = idx[c];
    if (first[v] === -1) first[v] = root[c];
    else if (first[v] !== root[c] && !bad[v]) {
      bad[v] = 1;
      out.push(v);
    }
  }
  return out;
}

/**
 * Give every extra fan of a non-manifold vertex its own copy of the vertex. Edges used by three or
 * more triangles separate fans, so this also splits non-manifold edges whose end fans are apart
 * (e.g. two solids touching along an edge).
 * @returns the vertices that were split.
 * @internal
 */
export function splitNonManifoldVertices(w: WorkMesh): { split: number[]; topo: EdgeTopology } {
  const idx = w.indices;
  const vertexCount = w.positions.length / 3;
  const topo = buildEdgeTopology(idx);
  const root = cornerFans(idx, topo);
  const rootVertex = new Int32Array(idx.length).fill(-1);
  const claimed = new Uint8Array(vertexCount);
  const extra: number[] = [];
  const split: number[] = [];
  const splitFlag = new Uint8Array(vertexCount);
  let next = vertexCount;
  for (let c = 0; c < idx.length; c++) {
    const r = root[c];
    const v = idx[c];
    if (rootVertex[r] === -1) {
      if (!claimed[v]) {
        claimed[v] = 1;
        rootVertex[r] = v;
      } else {
        rootVertex[r] = next++;
        extra.push(v);
        if (!splitFlag[v]) {
          splitFlag[v] = 1;
          split.push(v);
        }
      }
    }
    idx[c] = rootVertex[r];
  }
  if (extra.length) {
    const positions = new Float64Array(next * 3);
    positions.set(w.positions);
    for (let i = 0; i < extra.length; i++) {
      const s = extra[i] * 3, d = (vertexCount + i) * 3;
      positions[d] = w.positions[s];
      positions[d + 1] = w.positions[s + 1];
      positions[d + 2] = w.positions[s + 2];
    }
    w.positions = positions;
  }
  return { split, topo };
}
