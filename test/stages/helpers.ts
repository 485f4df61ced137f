export { createSeededRandom as mulberry32 } from '../../src/geometry/seeded-random.js';

import type { Part, PartEdge, PartFace, PartShell, PartSolid, PartVertex, Vec3 } from '../../src/model/index.js';

/** One body of a hand-made polyhedral part. */
export interface PolyBody {
  /** Faces as vertex-index loops, counter-clockwise seen from outside. */
  faces: number[][];
  shellKind?: 'closed' | 'open';
  solidKind?: PartSolid['kind'];
}

/** Options of {@link polyhedronPart}. */
export interface PolyOptions {
  /** Faces (global index) whose STEP `same_sense` is false while their loops stay as they are: OpenCascade meshes them flipped. */
  flipSameSense?: number[];
  /** Faces whose loop is written reversed (B-Rep edge directions clash); the mesh is unchanged. */
  reverseLoops?: number[];
  /** Reverse both loop and mesh of every face (an inside-out shell). */
  insideOut?: boolean;
}

/**
 * Build a {@link Part} from polyhedra the way the STEP builder and occt would: shared vertices and edges
 * (STEP ids: vertices 1000+, edges 2000+, faces 3000+, shells 4000+, solids 5000+), one planar face per
 * loop, and a mesh with separate vertex copies per face (fan triangulation of convex loops).
 */
export function polyhedronPart(points: Vec3[], bodies: PolyBody[], opts: PolyOptions = {}): Part {
  const vertices: PartVertex[] = points.map((p, i) => ({ index: i, stepId: 1000 + i, point: p }));
  const edges: PartEdge[] = [];
  const edgeOf = new Map<string, number>();
  const faces: PartFace[] = [];
  const shells: PartShell[] = [];
  const solids: PartSolid[] = [];
  const pos: number[] = [];
  const idx: number[] = [];
  const triFace: number[] = [];
  for (const body of bodies) {
    const solid = solids.length;
    const shell = shells.length;
    solids.push({ index: solid, stepId: 5000 + solid, kind: body.solidKind ?? 'manifold_solid_brep', name: '', shells: [shell] });
    shells.push({ index: shell, stepId: 4000 + shell, kind: body.shellKind ?? 'closed', faces: [], solid });
    for (const loop0 of body.faces) {
      const fi = faces.length;
      const flipSense = opts.flipSameSense?.includes(fi) ?? false;
      const revLoop = (opts.reverseLoops?.includes(fi) ?? false) !== !!opts.insideOut;
      const loop = revLoop ? [...loop0].reverse() : loop0;
      const coedges = loop.map((a, k) => {
        const b = loop[(k + 1) % loop.length];
        const key = a < b ? `${a},${b}` : `${b},${a}`;
        let e = edgeOf.get(key);
        if (e === undefined) {
          e = edges.length;
          edgeOf.set(key, e);
          const pa = points[a], pb = points[b];
          edges.push({
            index: e,
            stepId: 2000 + e,
            start: a,
            end: b,
            curve: { type: 'line', origin: pa, direction: [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]] } as never,
            sameSense: true,
            pcurves: [],
            faces: [],
            lengthMm: Math.hypot(pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]),
          });
        }
        edges[e].faces.push(fi);
        return { edge: e, forward: edges[e].start === a };
      });
      // Mesh: OpenCascade orients triangles by the face's orientation (same_sense), not by the loop.
      const meshLoop = flipSense !== !!opts.insideOut ? [...loop0].reverse() : loop0;
      const first = idx.length / 3;
      const base = pos.length / 3;
      for (const v of meshLoop) pos.push(...points[v]);
      let area = 0;
      for (let k = 1; k + 1 < meshLoop.length; k++) {
        idx.push(base, base + k, base + k + 1);
        triFace.push(fi);
        const [a, b, c] = [points[meshLoop[0]], points[meshLoop[k]], points[meshLoop[k + 1]]];
        const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        const w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
        area += Math.hypot(u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]) / 2;
      }
      const ps = loop0.map((v) => points[v]);
      faces.push({
        index: fi,
        stepId: 3000 + fi,
        name: '',
        surfaceType: 'plane',
        surface: null,
        sameSense: !flipSense,
        reversed: flipSense,
        bounds: [{ outer: true, orientation: true, coedges }],
        shell,
        triangles: { first, count: idx.length / 3 - first },
        mapping: { status: 'order', occtFaceIndex: fi, maxDeviationMm: 0 },
        area,
        centroid: [0, 1, 2].map((d) => ps.reduce((s, p) => s + p[d], 0) / ps.length) as Vec3,
        bbox: {
          min: [0, 1, 2].map((d) => Math.min(...ps.map((p) => p[d]))) as Vec3,
          max: [0, 1, 2].map((d) => Math.max(...ps.map((p) => p[d]))) as Vec3,
        },
      });
      shells[shell].faces.push(fi);
    }
  }
  const min: Vec3 = [0, 1, 2].map((d) => Math.min(...points.map((p) => p[d]))) as Vec3;
  const max: Vec3 = [0, 1, 2].map((d) => Math.max(...points.map((p) => p[d]))) as Vec3;
  return {
    modelVersion: 1,
    format: 'step',
    brepSource: 'step',
    units: { lengthUnit: 'millimetre', lengthToMm: 1, angleUnit: 'radian', angleToRad: 1 },
    solids,
    shells,
    faces,
    edges,
    vertices,
    aag: { faceCount: faces.length, arcs: [], neighbours: faces.map(() => []) },
    mesh: {
      positions: Float64Array.from(pos),
      normals: new Float32Array(0),
      indices: Uint32Array.from(idx),
      triangleFace: Int32Array.from(triFace),
    },
    summary: {
      bbox: { min, max },
      surfaceAreaMm2: faces.reduce((s, f) => s + f.area, 0),
      volumeMm3: null,
      faceCount: faces.length,
      edgeCount: edges.length,
      vertexCount: vertices.length,
      solidCount: solids.length,
      shellCount: shells.length,
      countsBySurfaceType: { plane: faces.length },
      triangleCount: idx.length / 3,
    },
    assembly: null,
    unsupported: [],
  };
}

/** Corners of an axis-aligned box, indexed by bits (x: 1, y: 2, z: 4), offset by `base`. */
export function boxPoints(min: Vec3, max: Vec3): Vec3[] {
  const out: Vec3[] = [];
  for (let i = 0; i < 8; i++) out.push([i & 1 ? max[0] : min[0], i & 2 ? max[1] : min[1], i & 4 ? max[2] : min[2]]);
  return out;
}

/** The six faces of a {@link boxPoints} box, CCW from outside, with vertex indices offset by `base`. */
export function boxFaces(base = 0): number[][] {
  return [
    [0, 2, 3, 1], // z = min (normal -z)
    [4, 5, 7, 6], // z = max
    [0, 1, 5, 4], // y = min
    [2, 6, 7, 3], // y = max
    [0, 4, 6, 2], // x = min
    [1, 3, 7, 5], // x = max
  ].map((f) => f.map((v) => v + base));
}

/** A unit-cube Part (10 mm edge) — valid closed solid. */
export function cubePart(opts: PolyOptions = {}): Part {
  return polyhedronPart(boxPoints([0, 0, 0], [10, 10, 10]), [{ faces: boxFaces() }], opts);
}
