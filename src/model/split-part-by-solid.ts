import type { AagArc } from './aag.js';
import type { BoundingBox, Vec3 } from './geometry-types.js';
import type { Part, PartEdge, PartFace, PartShell, PartSolid, PartSummary, PartVertex } from './part.js';

/**
 * One body of a Part (a solid, a surface body, or a free shell) as a Part of its own: only the body's
 * shells, faces, edges, vertices, AAG arcs and triangles, renumbered from 0, with maps back to the whole
 * Part. Surfaces, curves and STEP ids are shared with the whole Part (not copied).
 */
export interface PartBody {
  /** Index into the whole Part's `solids`, or -1 for a free shell that belongs to no solid. */
  solid: number;
  /** STEP id of the solid (or of the free shell), or null. */
  stepId: number | null;
  /** The solid's name ('' when none or for a free shell). */
  name: string;
  /** The solid's kind; `free_shell` for a shell outside any solid. */
  kind: PartSolid['kind'] | 'free_shell';
  /**
   * For a surface model split shell by shell: the index in the whole Part's `shells` of the body's one
   * shell; absent when the body is a whole solid or a free shell.
   */
  shell?: number;
  /** True when every shell of the body is closed (a volume, not a surface body). */
  closed: boolean;
  /** The body as a Part (one solid, or one free shell with `solid: -1`). */
  part: Part;
  /** `faceMap[i]` = index in the whole Part of the body's face `i`. */
  faceMap: number[];
}

/**
 * Splits a Part into its bodies: one {@link PartBody} per solid (in `part.solids` order), then one per
 * free shell (a shell whose `solid` is -1, e.g. inside no solid at all). A surface model
 * (`shell_based_surface_model`) with several shells is one body per shell: exporters write a multi-body
 * part as one surface model of closed shells (a vendor's servo: 20 bodies in one model). Faces listed by no shell are
 * left out. Each body's Part is self-consistent: face, edge, vertex, shell and triangle indices are the
 * body's own, so any stage that takes a Part can run on it, and its bounding box, stock and
 * normalisation are the body's, not the file's.
 *
 * @example
 * ```ts
 * for (const body of splitPartBySolid(part)) console.log(body.name, body.part.faces.length, body.faceMap);
 * ```
 */
export function splitPartBySolid(part: Readonly<Part>): PartBody[] {
  const bodies: PartBody[] = [];
  for (const solid of part.solids) {
    const shells = solid.shells.map((i) => part.shells[i]).filter((s): s is PartShell => s !== undefined);
    if (solid.kind === 'shell_based_surface_model' && shells.length > 1) {
      for (const sh of shells)
        bodies.push({ solid: solid.index, shell: sh.index, stepId: sh.stepId ?? solid.stepId, name: solid.name, kind: solid.kind, closed: sh.kind === 'closed', ...subPart(part, [sh], solid) });
      continue;
    }
    bodies.push({
      solid: solid.index,
      stepId: solid.stepId,
      name: solid.name,
      kind: solid.kind,
      closed: shells.length > 0 && shells.every((s) => s.kind === 'closed'),
      ...subPart(part, shells, solid),
    });
  }
  for (const shell of part.shells) {
    if (shell.solid >= 0 && part.solids[shell.solid]) continue;
    bodies.push({ solid: -1, stepId: shell.stepId, name: '', kind: 'free_shell', closed: shell.kind === 'closed', ...subPart(part, [shell], null) });
  }
  return bodies;
}

/**
 * How many bodies {@link splitPartBySolid} would return, without building them (a single-body part, the
 * common case, costs no copy).
 */
export function partBodyCount(part: Readonly<Part>): number {
  let n = 0;
  for (const solid of part.solids) n += solid.kind === 'shell_based_surface_model' && solid.shells.length > 1 ? solid.shells.length : 1;
  for (const shell of part.shells) if (!(shell.solid >= 0 && part.solids[shell.solid])) n++;
  return n;
}

/** The Part made of `shells` (of `solid`, or free), with the face map back to `part`. */
function subPart(part: Readonly<Part>, shells: readonly PartShell[], solid: PartSolid | null): { part: Part; faceMap: number[] } {
  const faceMap: number[] = [];
  const faceNew = new Map<number, number>();
  for (const sh of shells)
    for (const f of sh.faces)
      if (!faceNew.has(f) && part.faces[f]) {
        faceNew.set(f, faceMap.length);
        faceMap.push(f);
      }

  // Edges and vertices used by the faces' loops, in first-use order.
  const edgeMap: number[] = [];
  const edgeNew = new Map<number, number>();
  const vertexMap: number[] = [];
  const vertexNew = new Map<number, number>();
  const useVertex = (v: number): number => {
    let n = vertexNew.get(v);
    if (n === undefined) {
      n = vertexMap.length;
      vertexNew.set(v, n);
      vertexMap.push(v);
    }
    return n;
  };
  for (const fi of faceMap)
    for (const b of part.faces[fi].bounds) {
      if (b.vertex !== undefined) useVertex(b.vertex);
      for (const ce of b.coedges)
        if (!edgeNew.has(ce.edge) && part.edges[ce.edge]) {
          edgeNew.set(ce.edge, edgeMap.length);
          edgeMap.push(ce.edge);
          useVertex(part.edges[ce.edge].start);
          useVertex(part.edges[ce.edge].end);
        }
    }

  // Triangles, copied face by face so each face's range stays contiguous; mesh vertices renumbered.
  const m = part.mesh;
  const meshVertexNew = new Map<number, number>();
  const positions: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  const triangleFace: number[] = [];
  const hasNormals = m.normals.length === m.positions.length;
  const triangleRanges: (PartFace['triangles'])[] = faceMap.map((fi, newIndex) => {
    const t = part.faces[fi].triangles;
    if (!t) return null;
    const first = triangleFace.length;
    for (let k = t.first; k < t.first + t.count; k++) {
      for (let c = 0; c < 3; c++) {
        const v = m.indices[k * 3 + c];
        let nv = meshVertexNew.get(v);
        if (nv === undefined) {
          nv = positions.length / 3;
          meshVertexNew.set(v, nv);
          positions.push(m.positions[v * 3], m.positions[v * 3 + 1], m.positions[v * 3 + 2]);
          if (hasNormals) normals.push(m.normals[v * 3], m.normals[v * 3 + 1], m.normals[v * 3 + 2]);
        }
        indices.push(nv);
      }
      triangleFace.push(newIndex);
    }
    return { first, count: t.count };
  });

  const shellNew = new Map(shells.map((s, i) => [s.index, i]));
  const faces: PartFace[] = faceMap.map((fi, i) => {
    const f = part.faces[fi];
    return {
      ...f,
      index: i,
      shell: shellNew.get(f.shell) ?? 0,
      triangles: triangleRanges[i],
      bounds: f.bounds.map((b) => ({
        ...b,
        coedges: b.coedges.map((ce) => ({ ...ce, edge: edgeNew.get(ce.edge) ?? ce.edge })),
        ...(b.vertex !== undefined ? { vertex: vertexNew.get(b.vertex)! } : {}),
      })),
    };
  });
  const edges: PartEdge[] = edgeMap.map((ei, i) => {
    const e = part.edges[ei];
    return {
      ...e,
      index: i,
      start: vertexNew.get(e.start)!,
      end: vertexNew.get(e.end)!,
      faces: e.faces.filter((f) => faceNew.has(f)).map((f) => faceNew.get(f)!),
    };
  });
  const vertices: PartVertex[] = vertexMap.map((vi, i) => ({ ...part.vertices[vi], index: i }));
  const newShells: PartShell[] = shells.map((s, i) => ({
    ...s,
    index: i,
    solid: solid ? 0 : -1,
    faces: s.faces.filter((f) => faceNew.has(f)).map((f) => faceNew.get(f)!),
  }));
  const solids: PartSolid[] = solid ? [{ ...solid, index: 0, shells: newShells.map((s) => s.index) }] : [];

  // AAG: the arcs between the body's own faces (bodies never share an arc: they share no edge).
  const arcs: AagArc[] = [];
  const neighbours: number[][] = faces.map(() => []);
  // Through each face's own arcs (not every arc of the file once per body), kept in the file's arc order.
  const own: number[] = [];
  for (const fi of faceMap) for (const ai of part.aag.neighbours[fi] ?? []) if (part.aag.arcs[ai]?.a === fi) own.push(ai);
  own.sort((x, y) => x - y);
  for (const ai of own) {
    const arc = part.aag.arcs[ai];
    const a = faceNew.get(arc.a);
    const b = faceNew.get(arc.b);
    if (a === undefined || b === undefined) continue;
    const idx = arcs.length;
    arcs.push({ ...arc, a: Math.min(a, b), b: Math.max(a, b), edges: arc.edges.filter((e) => edgeNew.has(e)).map((e) => edgeNew.get(e)!) });
    neighbours[a].push(idx);
    neighbours[b].push(idx);
  }
  const nonManifold = part.aag.nonManifoldEdges?.filter((e) => edgeNew.has(e)).map((e) => edgeNew.get(e)!);

  const countsBySurfaceType: PartSummary['countsBySurfaceType'] = {};
  for (const f of faces) countsBySurfaceType[f.surfaceType] = (countsBySurfaceType[f.surfaceType] ?? 0) + 1;
  const mesh = {
    positions: Float64Array.from(positions),
    normals: Float32Array.from(normals),
    indices: Uint32Array.from(indices),
    triangleFace: Int32Array.from(triangleFace),
  };
  const summary: PartSummary = {
    bbox: bodyBox(faces, vertices, mesh.positions),
    surfaceAreaMm2: faces.reduce((s, f) => s + f.area, 0),
    volumeMm3: newShells.length > 0 && newShells.every((s) => s.kind === 'closed') ? meshVolume(mesh.positions, mesh.indices) : null,
    faceCount: faces.length,
    edgeCount: edges.length,
    vertexCount: vertices.length,
    solidCount: solids.length,
    shellCount: newShells.length,
    countsBySurfaceType,
    triangleCount: triangleFace.length,
  };
  return {
    faceMap,
    part: {
      modelVersion: part.modelVersion,
      format: part.format,
      brepSource: part.brepSource,
      units: part.units,
      solids,
      shells: newShells,
      faces,
      edges,
      vertices,
      aag: { faceCount: faces.length, arcs, neighbours, ...(nonManifold && nonManifold.length > 0 ? { nonManifoldEdges: nonManifold } : {}) },
      mesh,
      summary,
      assembly: null,
      unsupported: [],
    },
  };
}

/** Union of the faces' boxes, the vertices and the mesh positions (whichever exist). */
function bodyBox(faces: readonly PartFace[], vertices: readonly PartVertex[], positions: Float64Array): BoundingBox {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number, z: number) => {
    const p = [x, y, z];
    for (let d = 0; d < 3; d++) {
      if (p[d] < min[d]) min[d] = p[d];
      if (p[d] > max[d]) max[d] = p[d];
    }
  };
  for (const f of faces) {
    add(...f.bbox.min);
    add(...f.bbox.max);
  }
  for (const v of vertices) add(...v.point);
  for (let i = 0; i < positions.length; i += 3) add(positions[i], positions[i + 1], positions[i + 2]);
  if (min[0] > max[0]) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min, max };
}

/** Signed volume of a closed triangle mesh (divergence theorem), or null without triangles. */
function meshVolume(p: Float64Array, idx: Uint32Array): number | null {
  if (idx.length === 0) return null;
  let v = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    v +=
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
      p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return v / 6;
}
