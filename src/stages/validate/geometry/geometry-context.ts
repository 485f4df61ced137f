import { weldVertices } from '../../../geometry/weld.js';
import type { Part } from '../../../model/index.js';

/** Options of the geometry stage. */
export interface GeometryOptions {
  /**
   * Linear tolerance (mm) for degenerate edges (length ≤ tol) and faces (area ≤ tol²).
   * @defaultValue 1e-6 × the part's bounding-box diagonal (at least 1e-9)
   */
  toleranceMm?: number;
  /** Vertex weld tolerance (mm) for the mesh checks. @defaultValue the same as `toleranceMm` */
  weldToleranceMm?: number;
  /**
   * The part was not tessellated by choice (`mesh: 'never'` or `'auto'`): the checks that read the mesh
   * report `GEOM_MESH_CHECK_NOT_RUN` (info) with this reason instead of running, and the zero-area check
   * uses the exact face areas.
   */
  withoutMesh?: {
    reason: string;
    /** Faces whose exact area could not be computed: the zero-area check reports them as not run. */
    unmeasuredFaces?: readonly number[];
  };
  /** Self-intersection search. */
  selfIntersection?: {
    /** @defaultValue true */
    enabled?: boolean;
    /** Bodies with more triangles are not searched (an info finding says so). @defaultValue 2_000_000 */
    maxTriangles?: number;
    /** Stop after this many intersecting pairs per body. @defaultValue 100 */
    maxPairs?: number;
    /**
     * Crossings shallower than this (mm) are ignored as tessellation chord error.
     * @defaultValue max(toleranceMm, 0.001 × the mean edge of the part's bounding box) — the default
     * linear deflection of the occt tessellation
     */
    minPenetrationMm?: number;
  };
}

/** Use counts of one B-Rep edge inside one shell. @internal */
export interface EdgeUse {
  edge: number;
  /** Uses traversing start → end in the shell's orientation. */
  forward: number;
  backward: number;
  /** Faces using the edge, once per use. */
  faces: number[];
}

/** Topology and welded mesh of one shell. @internal */
export interface ShellAnalysis {
  shell: number;
  /** True for a CLOSED_SHELL or any shell of a solid (not a surface model). */
  mustBeClosed: boolean;
  /** True when this shell is an inner (void) shell of a BREP_WITH_VOIDS. */
  isVoid: boolean;
  /** Edge uses keyed by edge index. */
  edgeUses: Map<number, EdgeUse>;
  vertexCount: number;
  loopCount: number;
  /** Faces of the shell without triangles. */
  facesWithoutTriangles: number[];
  /** Triangle indices (into `part.mesh`) of this shell. */
  triangles: Uint32Array;
  /** Welded vertex ids, three per entry of `triangles`. */
  weldedIndices: Uint32Array;
}

/** The readonly context of the geometry stage. Create it with {@link createGeometryContext}. */
export interface GeometryContext {
  part: Part;
  toleranceMm: number;
  options: Required<Pick<GeometryOptions, 'weldToleranceMm'>> & {
    selfIntersection: Required<NonNullable<GeometryOptions['selfIntersection']>>;
  };
  /** @internal */
  shells: ShellAnalysis[];
  /** Set when the part has no mesh by choice: why (mesh checks report it as not run), and the faces without an exact area. */
  withoutMesh?: { reason: string; unmeasuredFaces: readonly number[] };
  /** @internal Welded positions (xyz) shared by every shell's `weldedIndices`. */
  weldedPositions: Float64Array;
}

/** Bounding-box edge lengths of the part (from its summary, else from its mesh). */
function boxEdges(part: Part): [number, number, number] {
  const b = part.summary?.bbox;
  if (b && Number.isFinite(b.min[0]) && Number.isFinite(b.max[0]))
    return [b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]];
  const p = part.mesh.positions;
  let lo = [Infinity, Infinity, Infinity];
  let hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3)
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], p[i + k]);
      hi[k] = Math.max(hi[k], p[i + k]);
    }
  if (!Number.isFinite(lo[0])) (lo = [0, 0, 0]), (hi = [0, 0, 0]);
  return [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
}

/**
 * Build the geometry-stage context: per shell, the use count and direction of every B-Rep edge
 * (direction = coedge `forward` XOR the face's ORIENTED_FACE/shell flip, i.e. relative to the
 * shell's outward orientation), Euler counts, and the shell's triangles with welded vertex ids.
 * O(faces + coedges + triangles).
 */
export function createGeometryContext(part: Part, options: GeometryOptions = {}): GeometryContext {
  const edges = boxEdges(part);
  const diag = Math.hypot(edges[0], edges[1], edges[2]);
  const meanEdge = (edges[0] + edges[1] + edges[2]) / 3;
  const toleranceMm = options.toleranceMm ?? Math.max(1e-9, 1e-6 * (Number.isFinite(diag) ? diag : 0));
  const weldToleranceMm = options.weldToleranceMm ?? toleranceMm;
  const weld = weldVertices(part.mesh.positions, weldToleranceMm);
  const remap = weld.remap;
  const idx = part.mesh.indices;
  const shells: ShellAnalysis[] = part.shells.map((shell) => {
    const solid = shell.solid >= 0 ? part.solids[shell.solid] : undefined;
    const inSolid = solid !== undefined && solid.kind !== 'shell_based_surface_model';
    const isVoid = solid?.kind === 'brep_with_voids' && solid.shells.indexOf(shell.index) > 0;
    const edgeUses = new Map<number, EdgeUse>();
    const vertices = new Set<number>();
    let loopCount = 0;
    let triCount = 0;
    const facesWithoutTriangles: number[] = [];
    for (const fi of shell.faces) {
      const face = part.faces[fi];
      // ORIENTED_FACE / ORIENTED_*_SHELL flips: reversed = !sameSense XOR flip.
      const flip = face.reversed !== !face.sameSense;
      for (const bound of face.bounds) {
        loopCount++;
        if (bound.vertex !== undefined) vertices.add(bound.vertex);
        for (const ce of bound.coedges) {
          let u = edgeUses.get(ce.edge);
          if (!u) {
            u = { edge: ce.edge, forward: 0, backward: 0, faces: [] };
            edgeUses.set(ce.edge, u);
            const e = part.edges[ce.edge];
            vertices.add(e.start);
            vertices.add(e.end);
          }
          if (ce.forward !== flip) u.forward++;
          else u.backward++;
          u.faces.push(fi);
        }
      }
      if (face.triangles && face.triangles.count > 0) triCount += face.triangles.count;
      else if (!options.withoutMesh) facesWithoutTriangles.push(fi);
    }
    const triangles = new Uint32Array(triCount);
    const weldedIndices = new Uint32Array(triCount * 3);
    let k = 0;
    for (const fi of shell.faces) {
      const r = part.faces[fi].triangles;
      if (!r) continue;
      for (let t = r.first; t < r.first + r.count; t++) {
        triangles[k] = t;
        weldedIndices[3 * k] = remap[idx[3 * t]];
        weldedIndices[3 * k + 1] = remap[idx[3 * t + 1]];
        weldedIndices[3 * k + 2] = remap[idx[3 * t + 2]];
        k++;
      }
    }
    return {
      shell: shell.index,
      mustBeClosed: shell.kind === 'closed' || inSolid,
      isVoid,
      edgeUses,
      vertexCount: vertices.size,
      loopCount,
      facesWithoutTriangles,
      triangles,
      weldedIndices,
    };
  });
  const si = options.selfIntersection ?? {};
  return {
    part,
    toleranceMm,
    options: {
      weldToleranceMm,
      selfIntersection: {
        enabled: si.enabled ?? true,
        maxTriangles: si.maxTriangles ?? 2_000_000,
        maxPairs: si.maxPairs ?? 100,
        minPenetrationMm: si.minPenetrationMm ?? Math.max(toleranceMm, Number.isFinite(meanEdge) ? 1e-3 * meanEdge : 0),
      },
    },
    shells,
    ...(options.withoutMesh ? { withoutMesh: { reason: options.withoutMesh.reason, unmeasuredFaces: options.withoutMesh.unmeasuredFaces ?? [] } } : {}),
    weldedPositions: weld.positions,
  };
}

/** @internal Up to `max` STEP ids (or, for entities without one, nothing) of the given items. */
export function stepIds(items: Iterable<number>, lookup: (i: number) => number | null, max = 50): number[] {
  const out: number[] = [];
  for (const i of items) {
    const id = lookup(i);
    if (id !== null && !out.includes(id)) out.push(id);
    if (out.length >= max) break;
  }
  return out;
}

/** @internal A short name for a shell in messages: `shell #12` or `shell 3`. */
export function shellName(part: Part, shell: number): string {
  const s = part.shells[shell];
  return s.stepId !== null ? `shell #${s.stepId}` : `shell ${shell}`;
}
