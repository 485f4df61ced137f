import type { PartMesh } from '../../model/index.js';
import { CadlensError } from '../../errors/index.js';
import type { HealOptions, HealingFix, HealingReport, WorkMesh } from './healing-types.js';
import { makeFix } from './healing-types.js';
import { weldVertices } from './weld-vertices.js';
import { removeDegenerateTriangles } from './remove-degenerate-triangles.js';
import { removeDuplicateTriangles } from './remove-duplicate-triangles.js';
import { resolveSelfIntersections } from './resolve-self-intersections.js';
import { orientConsistently, orientOutward } from './orient-triangles.js';
import { fillHoles } from './fill-holes.js';
import { splitNonManifoldVertices } from './split-non-manifold-vertices.js';
import { measureMesh } from './mesh-findings.js';
import { buildEdgeTopology, compactTriangles } from './mesh-topology.js';
import { selfIntersectionPairs } from './self-intersections.js';

/** Default weld tolerance (mm). */
export const DEFAULT_WELD_TOLERANCE_MM = 0.0001;

/** The healed mesh and what was done to it. */
export interface HealResult {
  mesh: PartMesh;
  report: HealingReport;
}

/**
 * Heal a triangle mesh, in this order: weld vertices closer than the tolerance; remove degenerate
 * triangles (splitting a needle's neighbour so no gap opens) and duplicate triangles; remove
 * self-intersecting slivers/triangles (BVH broad phase); make orientation consistent (BFS over
 * edges); fill holes up to `maxHoleEdges` in their best-fit plane; split non-manifold vertices;
 * face closed shells outward (signed volume); re-check self-intersections once more. Every fix is
 * counted in the report, with before/after findings. The input is not modified.
 *
 * Per-vertex normals are dropped (indices change); `triangleFace` follows the triangles (-1 for
 * triangles created by a fix).
 *
 * @throws CadlensError `ABORTED` when `options.signal` aborts between steps.
 * @example
 * ```ts
 * const { mesh: healed, report } = healMesh(mesh, { weldToleranceMm: 0.001 });
 * console.log(report.totalFixes, report.after.watertight);
 * ```
 */
export function healMesh(mesh: PartMesh, options: HealOptions = {}): HealResult {
  const opts: Required<Omit<HealOptions, 'signal'>> = {
    enabled: options.enabled ?? true,
    weldToleranceMm: options.weldToleranceMm ?? DEFAULT_WELD_TOLERANCE_MM,
    maxHoleEdges: options.maxHoleEdges ?? 256,
    fixSelfIntersections: options.fixSelfIntersections ?? true,
    maxIntersectionRemovalFraction: options.maxIntersectionRemovalFraction ?? 0.02,
    maxLocations: options.maxLocations ?? 100,
    measureSelfIntersections: options.measureSelfIntersections ?? true,
  };
  const signal = options.signal;
  const check = () => {
    if (signal?.aborted) throw new CadlensError('ABORTED', 'healing aborted', { stage: 'heal', cause: signal.reason });
  };
  check();
  const measure = (pos: Float64Array, idx: Uint32Array, selfIntersections: boolean) =>
    measureMesh(pos, idx, { selfIntersections, degenerateHeightMm: opts.weldToleranceMm * 1e-3 });
  // Self-intersections of the input are counted after welding (below): in an unwelded soup every
  // pair of neighbours touches, which says nothing and costs a full search.
  const before = measure(mesh.positions, mesh.indices, false);
  if (!opts.enabled) {
    if (opts.measureSelfIntersections) before.selfIntersectingPairs = selfIntersectionPairs(mesh.positions, mesh.indices).length / 2;
    return { mesh, report: { enabled: false, fixes: [], totalFixes: 0, before, after: before, options: opts } };
  }
  const cap = opts.maxLocations;
  const origin = new Int32Array(mesh.indices.length / 3);
  for (let t = 0; t < origin.length; t++) origin[t] = t;
  const w: WorkMesh = { positions: mesh.positions, indices: mesh.indices.slice(), origin };
  const fixes: HealingFix[] = [];

  // triangles a reader would have refused: out-of-range indices or non-finite coordinates
  const invalid = removeInvalidTriangles(w);
  fixes.push(makeFix('remove_invalid_triangles', 'triangles', invalid, invalid.length, cap, false, 'out-of-range index or NaN/Infinity coordinate'));

  const welded = weldVertices(w, opts.weldToleranceMm);
  fixes.push(makeFix('weld_vertices', 'vertices', welded, welded.length, cap, false, `tolerance ${opts.weldToleranceMm} mm`));
  check();

  // Needles thinner than the weld tolerance are degenerate.
  const deg = removeDegenerateTriangles(w, opts.weldToleranceMm);
  fixes.push(makeFix('remove_degenerate_triangles', 'triangles', deg.removed, deg.removed.length, cap));
  fixes.push(makeFix('split_needle_neighbours', 'triangles', deg.split, deg.split.length, cap, false, 'each neighbour split in two at the needle’s middle vertex'));
  const dups = removeDuplicateTriangles(w);
  fixes.push(makeFix('remove_duplicate_triangles', 'triangles', dups, dups.length, cap));
  check();

  const compRemoved: number[] = [];
  const triRemoved: number[] = [];
  let compCount = 0;
  let unresolved = 0;
  const filledLoops: number[][] = [];
  let unfilled: number[][] = [];
  let flipped: number[] = [];
  let conflicts: number[] = [];
  let trianglesAdded = 0;
  if (!opts.fixSelfIntersections && opts.measureSelfIntersections)
    before.selfIntersectingPairs = selfIntersectionPairs(w.positions, w.indices).length / 2;
  // Round 0 resolves what welding left; another round runs only when triangles were removed (their
  // re-filled holes are checked again). Fills of other holes are covered by the final findings.
  for (let round = 0; round < 3; round++) {
    let removed = 0;
    if (opts.fixSelfIntersections) {
      const r = resolveSelfIntersections(w, opts.maxIntersectionRemovalFraction);
      if (round === 0) before.selfIntersectingPairs = r.pairsFound;
      compRemoved.push(...r.componentTriangles);
      triRemoved.push(...r.triangles);
      compCount += r.components;
      unresolved = r.unresolved;
      removed = r.componentTriangles.length + r.triangles.length;
      check();
      if (round > 0 && removed === 0) break;
    }
    const o = orientConsistently(w);
    flipped = flipped.concat(o.flipped);
    conflicts = o.conflicts;
    const f = fillHoles(w, opts.maxHoleEdges, o.topo);
    filledLoops.push(...f.filled);
    unfilled = f.unfilled;
    trianglesAdded += f.trianglesAdded;
    check();
    if (removed === 0) break;
  }
  fixes.push(makeFix('remove_intersecting_components', 'triangles', compRemoved, compRemoved.length, cap, false, `${compCount} open components crossing larger ones`));
  fixes.push(makeFix('remove_intersecting_triangles', 'triangles', triRemoved, triRemoved.length, cap, false, 'gaps re-filled by fill_holes'));
  fixes.push(makeFix('orient_consistent', 'triangles', flipped, flipped.length, cap));
  const holeWhere = filledLoops.flatMap((l) => l.slice(0, 8));
  fixes.push(makeFix('fill_holes', 'holes', holeWhere, filledLoops.length, cap, false, `${trianglesAdded} triangles added; where = first vertices of each loop`));

  const { split, topo: splitTopo } = splitNonManifoldVertices(w);
  fixes.push(makeFix('split_non_manifold_vertices', 'vertices', split, split.length, cap));
  const out = orientOutward(w, splitTopo);
  fixes.push(makeFix('orient_outward', 'components', out.components, out.components.length, cap, false, `${out.triangles} triangles flipped`));
  const unused = compactVertices(w);
  fixes.push(makeFix('remove_unused_vertices', 'vertices', [], unused, cap));
  check();

  // report-only findings
  const topo = buildEdgeTopology(w.indices);
  const nm: number[] = [];
  for (let e = 0; e < topo.edgeCount; e++) if (topo.edgeUses[e] > 2) nm.push(topo.edgeV0[e], topo.edgeV1[e]);
  fixes.push(makeFix('report_non_manifold_edges', 'edges', nm, nm.length / 2, cap, true, 'where = vertex pairs'));
  fixes.push(makeFix('report_unfilled_holes', 'holes', unfilled.flatMap((l) => l.slice(0, 8)), unfilled.length, cap, true, `larger than ${opts.maxHoleEdges} edges or open chains`));
  fixes.push(makeFix('report_non_orientable_edges', 'edges', conflicts, conflicts.length, cap, true));

  const triangleFace = new Int32Array(w.origin.length);
  for (let t = 0; t < triangleFace.length; t++) triangleFace[t] = w.origin[t] >= 0 ? (mesh.triangleFace[w.origin[t]] ?? -1) : -1;
  const healed: PartMesh = { positions: w.positions, normals: new Float32Array(0), indices: w.indices, triangleFace };
  const after = measureMesh(healed.positions, healed.indices, {
    selfIntersections: opts.measureSelfIntersections,
    degenerateHeightMm: opts.weldToleranceMm * 1e-3,
    topology: topo,
  });
  const left = Math.max(unresolved, after.selfIntersectingPairs ?? 0);
  fixes.push(makeFix('report_unresolved_self_intersections', 'pairs', [], left, cap, true, 'closed bodies crossing, over the removal budget, or created by a fill'));
  const totalFixes = fixes.reduce((s, f) => s + (f.reportOnly ? 0 : f.count), 0);
  return { mesh: healed, report: { enabled: true, fixes, totalFixes, before, after, options: opts } };
}

/** Drop triangles with an out-of-range index or a non-finite corner; returns their origins. */
function removeInvalidTriangles(w: WorkMesh): number[] {
  const p = w.positions;
  const nv = p.length / 3;
  const idx = w.indices;
  const n = idx.length / 3;
  const bad: number[] = [];
  const keep = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    let ok = true;
    for (let k = 0; k < 3 && ok; k++) {
      const v = idx[t * 3 + k];
      ok = v < nv && Number.isFinite(p[v * 3]) && Number.isFinite(p[v * 3 + 1]) && Number.isFinite(p[v * 3 + 2]);
    }
    if (ok) keep[t] = 1;
    else bad.push(w.origin[t]);
  }
  if (bad.length === 0) return bad;
  w.indices = compactTriangles(idx, keep);
  const origin = new Int32Array(w.indices.length / 3);
  let j = 0;
  for (let t = 0; t < n; t++) if (keep[t]) origin[j++] = w.origin[t];
  w.origin = origin;
  return bad;
}

/** Drop vertices no triangle uses; returns how many were dropped. */
function compactVertices(w: WorkMesh): number {
  const n = w.positions.length / 3;
  const map = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < w.indices.length; i++) {
    const v = w.indices[i];
    if (map[v] === -1) map[v] = -2;
  }
  for (let v = 0; v < n; v++) if (map[v] === -2) map[v] = k++;
  if (k === n) return 0;
  const pos = new Float64Array(k * 3);
  for (let v = 0; v < n; v++) {
    const m = map[v];
    if (m < 0) continue;
    pos[m * 3] = w.positions[v * 3];
    pos[m * 3 + 1] = w.positions[v * 3 + 1];
    pos[m * 3 + 2] = w.positions[v * 3 + 2];
  }
  for (let i = 0; i < w.indices.length; i++) w.indices[i] = map[w.indices[i]];
  w.positions = pos;
  return n - k;
}
