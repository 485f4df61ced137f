import { BufferAttribute, BufferGeometry, LineBasicMaterial, LineSegments } from 'three';
import type { AnalysisResult } from '../../result/index.js';
import type { ThreeGeometryData } from '../../stages/recognize/tier4-mesh-only/three-geometry.js';

/** Options of {@link createOpenEdgeLines}. */
export interface OpenEdgeOptions {
  /** Vertices closer than this (model units, mm) are one vertex: faces are tessellated separately. @defaultValue 1e-4 × the model's diagonal */
  weldTolerance?: number;
  /** Line colour. @defaultValue `'#d00000'` */
  color?: string;
}

/** Open (boundary) and non-manifold edges of a tessellation, as three.js lines. */
export interface EdgeOverlay {
  /** Add to the scene; empty geometry when the surface is closed and manifold. */
  lines: LineSegments<BufferGeometry, LineBasicMaterial>;
  /** Edges used by one triangle only (holes in the surface). */
  openEdges: number;
  /** Edges used by more than two triangles. */
  nonManifoldEdges: number;
  dispose(): void;
}

/**
 * Draws the edges that make a tessellated surface not watertight — the geometry behind the mesh stage's
 * `open edges` / `not watertight` findings. Vertices are welded by position first, because each B-Rep
 * face is tessellated on its own and shares no vertex indices with its neighbours.
 *
 * @example
 * ```ts
 * const overlay = createOpenEdgeLines(geometryData);
 * if (overlay.openEdges > 0) scene.add(overlay.lines);
 * ```
 */
export function createOpenEdgeLines(geometry: ThreeGeometryData, options: OpenEdgeOptions = {}): EdgeOverlay {
  const p = geometry.positions;
  let diagonal = 0;
  if (p.length >= 3) {
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < p.length; i += 3)
      for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k], p[i + k]);
        max[k] = Math.max(max[k], p[i + k]);
      }
    diagonal = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  }
  const tol = options.weldTolerance ?? Math.max(diagonal * 1e-4, 1e-9);
  const welded = new Int32Array(p.length / 3);
  const cells = new Map<string, number>();
  for (let v = 0; v < welded.length; v++) {
    const key = `${Math.round(p[v * 3] / tol)},${Math.round(p[v * 3 + 1] / tol)},${Math.round(p[v * 3 + 2] / tol)}`;
    const id = cells.get(key);
    if (id === undefined) cells.set(key, v);
    welded[v] = id ?? v;
  }
  const uses = new Map<string, { a: number; b: number; n: number }>();
  const idx = geometry.index;
  for (let t = 0; t < idx.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = welded[idx[t + k]];
      const b = welded[idx[t + ((k + 1) % 3)]];
      if (a === b) continue; // degenerate after welding
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      const e = uses.get(key);
      if (e) e.n++;
      else uses.set(key, { a, b, n: 1 });
    }
  }
  const coords: number[] = [];
  let openEdges = 0;
  let nonManifoldEdges = 0;
  for (const e of uses.values()) {
    if (e.n === 2) continue;
    if (e.n === 1) openEdges++;
    else nonManifoldEdges++;
    coords.push(p[e.a * 3], p[e.a * 3 + 1], p[e.a * 3 + 2], p[e.b * 3], p[e.b * 3 + 1], p[e.b * 3 + 2]);
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(new Float32Array(coords), 3));
  const material = new LineBasicMaterial({ color: options.color ?? '#d00000' });
  return {
    lines: new LineSegments(g, material),
    openEdges,
    nonManifoldEdges,
    dispose() {
      g.dispose();
      material.dispose();
    },
  };
}

/**
 * The B-Rep faces a validation finding points at (its `entityIds` matched against the faces' STEP ids),
 * for {@link FeatureMesh.highlightFaces}.
 */
export function facesOfFinding(result: AnalysisResult, finding: { entityIds?: readonly number[] }): number[] {
  const ids = new Set(finding.entityIds ?? []);
  if (ids.size === 0) return [];
  const faces: number[] = [];
  result.part?.faces.forEach((f) => {
    if (f.stepId !== null && ids.has(f.stepId)) faces.push(f.index);
  });
  return faces;
}
