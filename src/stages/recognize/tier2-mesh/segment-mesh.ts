/**
 * Mesh segmentation for Tier 2: triangles → faces → the same {@link FeatureGraph} a B-Rep gives.
 *
 * 1. Weld vertices (1e-6 × bbox diagonal) and find triangle neighbours across manifold edges.
 * 2. Planar region growing: from the largest unassigned triangle, take neighbours whose normal is within
 *    `planeAngleDeg` of the seed's and whose vertices are on the seed plane (± fit tolerance).
 * 3. Curved merging (curvature continuity): adjacent regions whose boundary bends by less than
 *    `smoothAngleDeg` are merged, smallest first, while the union still fits one cylinder/cone/sphere/
 *    torus within the fit tolerance (tessellations put vertices on the surface, so the tolerance is
 *    tight) and the facets agree with the fit (normals, chord heights: points alone fit many surfaces);
 *    a curved face needs at least three flat strips (two are planes meeting at a shallow angle). Then
 *    groups of one torus, or of one surface grown from two seeds, merge; stray triangles move onto the
 *    larger neighbouring face whose surface they lie on.
 * 4. Each face gets its fitted surface (plane, cylinder, cone, sphere; `other` when nothing fits), area,
 *    centroid, bbox and its input triangle indices.
 * 5. The AAG is built with `buildMeshAag` on a triangle soup whose corner normals are the fitted
 *    surfaces' normals, so tangent joins (fillets) come out smooth and sharp ones convex/concave.
 * @internal
 */
import type { PartMesh, Vec3 } from '../../../model/index.js';
import { CadlensError } from '../../../errors/index.js';
import { weldVertices } from '../../../geometry/weld.js';
import { buildMeshAag } from '../../../tessellation/mesh-adjacency.js';
import { createAbortError } from '../../../errors/abort.js';
import type { FeatureGraph, GraphFace } from '../tier2-heuristics/feature-graph.js';
import { angularSpanRad, boxOfPoints } from '../tier2-heuristics/feature-graph.js';
import { distanceToFit, fitAxisSurface, fitPlane, fitPlaneOrAxisSurface, fitSphere, facetAgrees, fittedNormalAt, normalsAgree, roundingNoiseMm, type RegionSamples, type SurfaceFit } from './fit-surfaces.js';
import { dot3 } from '../../../geometry/vec3.js';
import { validateMeshForSegmentation } from './validate-mesh.js';
import { fitTorus, fitTorusFromCylinders, refitTorus } from './fit-torus.js';

/** Largest chord height (sagitta) of a facet edge over its surface, as a fraction of the bbox diagonal. */
const MAX_SAGITTA_RATIO = 5e-3;

/** Options of {@link segmentMesh}. */
export interface SegmentMeshOptions {
  /** Largest normal deviation (degrees) inside a planar region. @defaultValue 0.5 */
  planeAngleDeg?: number;
  /** Largest bend (degrees) across a boundary that curved merging considers. @defaultValue 40 */
  smoothAngleDeg?: number;
  /** Fit tolerance as a fraction of the bbox diagonal. @defaultValue 1e-4 */
  fitToleranceRatio?: number;
  signal?: AbortSignal;
}

/**
 * Segment a triangle mesh into faces and build their graph.
 * @throws CadlensError `MESH_NO_TRIANGLES`, `MESH_NON_FINITE`, `MESH_INDEX_OUT_OF_RANGE`, `ABORTED`
 */
export function segmentMesh(mesh: Readonly<PartMesh>, options: SegmentMeshOptions = {}): FeatureGraph {
  const problem = validateMeshForSegmentation(mesh);
  if (problem) throw new CadlensError(problem.code, problem.message, { stage: 'recognize', kind: 'permanent' });
  const { positions, indices } = mesh;
  const nt = indices.length / 3;
  const bbox = boxOfPoints(positions);
  const diag = Math.hypot(bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1], bbox.max[2] - bbox.min[2]) || 1;
  const fitTol = (options.fitToleranceRatio ?? 1e-4) * diag;
  const cosPlane = Math.cos(((options.planeAngleDeg ?? 0.5) * Math.PI) / 180);
  const cosSmooth = Math.cos(((options.smoothAngleDeg ?? 40) * Math.PI) / 180);
  // the largest chord height taken from a tessellation (coarse exports leave ~0.1 % of the part's size)
  const maxSagitta = MAX_SAGITTA_RATIO * diag;
  const { remap } = weldVertices(positions, 1e-6 * diag);

  // triangle normals, areas, centroids
  const tn = new Float64Array(nt * 3), ta = new Float64Array(nt), tc = new Float64Array(nt * 3);
  for (let t = 0; t < nt; t++) {
    const a = 3 * indices[3 * t], b = 3 * indices[3 * t + 1], c = 3 * indices[3 * t + 2];
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz);
    ta[t] = l / 2;
    if (l > 0) {
      tn[3 * t] = nx / l;
      tn[3 * t + 1] = ny / l;
      tn[3 * t + 2] = nz / l;
    }
    for (let k = 0; k < 3; k++) tc[3 * t + k] = (positions[a + k] + positions[b + k] + positions[c + k]) / 3;
  }
  const degenerate = (t: number) => ta[t] <= 1e-14 * diag * diag;

  // neighbours across manifold edges
  const edgeTris = new Map<string, number[]>();
  for (let t = 0; t < nt; t++)
    for (let k = 0; k < 3; k++) {
      const p = remap[indices[3 * t + k]], q = remap[indices[3 * t + ((k + 1) % 3)]];
      if (p === q) continue;
      const key = p < q ? `${p},${q}` : `${q},${p}`;
      const list = edgeTris.get(key);
      if (list) list.push(t);
      else edgeTris.set(key, [t]);
    }
  const nbr: number[][] = Array.from({ length: nt }, () => []);
  for (const list of edgeTris.values()) {
    if (list.length !== 2) continue;
    nbr[list[0]].push(list[1]);
    nbr[list[1]].push(list[0]);
  }
  if (options.signal?.aborted) throw createAbortError(options.signal);

  // 2. planar region growing
  const region = new Int32Array(nt).fill(-1);
  const order = Array.from({ length: nt }, (_, i) => i).sort((a, b) => ta[b] - ta[a]);
  let regionCount = 0;
  for (const seed of order) {
    if (region[seed] >= 0 || degenerate(seed)) continue;
    const r = regionCount++;
    const n: Vec3 = [tn[3 * seed], tn[3 * seed + 1], tn[3 * seed + 2]];
    const d0 = n[0] * tc[3 * seed] + n[1] * tc[3 * seed + 1] + n[2] * tc[3 * seed + 2];
    region[seed] = r;
    const stack = [seed];
    while (stack.length) {
      const t = stack.pop()!;
      for (const u of nbr[t]) {
        if (region[u] >= 0 || degenerate(u)) continue;
        if (tn[3 * u] * n[0] + tn[3 * u + 1] * n[1] + tn[3 * u + 2] * n[2] < cosPlane) continue;
        let onPlane = true;
        for (let k = 0; k < 3 && onPlane; k++) {
          const v = 3 * indices[3 * u + k];
          if (Math.abs(positions[v] * n[0] + positions[v + 1] * n[1] + positions[v + 2] * n[2] - d0) > fitTol) onPlane = false;
        }
        if (!onPlane) continue;
        region[u] = r;
        stack.push(u);
      }
    }
  }
  // degenerate triangles join a neighbour's region (or form their own)
  for (let t = 0; t < nt; t++) {
    if (region[t] >= 0) continue;
    const u = nbr[t].find((x) => region[x] >= 0);
    region[t] = u === undefined ? regionCount++ : region[u];
  }
  const regionTris: number[][] = Array.from({ length: regionCount }, () => []);
  for (let t = 0; t < nt; t++) regionTris[region[t]].push(t);
  const regionArea = regionTris.map((ts) => ts.reduce((s, t) => s + ta[t], 0));

  // region adjacency with the largest bend across the boundary
  const adj: Map<number, number>[] = Array.from({ length: regionCount }, () => new Map());
  for (let t = 0; t < nt; t++)
    for (const u of nbr[t]) {
      const a = region[t], b = region[u];
      if (a === b) continue;
      const c = tn[3 * t] * tn[3 * u] + tn[3 * t + 1] * tn[3 * u + 1] + tn[3 * t + 2] * tn[3 * u + 2];
      const prev = adj[a].get(b);
      if (prev === undefined || c < prev) adj[a].set(b, c);
    }

  // 3. curved merging, validated by a fit
  const group = new Int32Array(regionCount).fill(-1);
  const groups: number[][] = [];
  /** Adds triangle `t` (its corners, normal and area) to a fit's samples; false for a degenerate one. */
  const addSample = (s: RegionSamples, t: number): boolean => {
    if (degenerate(t)) return false;
    for (let k = 0; k < 3; k++) {
      const v = 3 * indices[3 * t + k];
      s.points.push(positions[v], positions[v + 1], positions[v + 2]);
    }
    s.normals.push(tn[3 * t], tn[3 * t + 1], tn[3 * t + 2]);
    s.areas.push(ta[t]);
    return true;
  };
  const samplesOf = (regions: readonly number[]): { s: RegionSamples; centroids: number[] } => {
    const s: RegionSamples = { points: [], normals: [], areas: [] };
    const centroids: number[] = [];
    const tris = regions.flatMap((r) => regionTris[r]);
    const stride = Math.max(1, Math.floor(tris.length / 400));
    for (let i = 0; i < tris.length; i += stride) {
      const t = tris[i];
      if (!addSample(s, t)) continue;
      centroids.push(tc[3 * t], tc[3 * t + 1], tc[3 * t + 2]);
    }
    return { s, centroids };
  };
  const curvedFit = (regions: readonly number[]): SurfaceFit | null => {
    const { s, centroids } = samplesOf(regions);
    if (s.areas.length < 2) return null;
    // a fit must hold the points within the tolerance and agree with the facets' normals
    const holds = (f: SurfaceFit | null): f is SurfaceFit => f !== null && f.maxErrorMm <= fitTol && normalsAgree(f, s, fitTol, maxSagitta);
    const axisFit = fitAxisSurface(s, centroids);
    if (holds(axisFit)) return axisFit;
    const sphere = fitSphere(s, centroids);
    if (holds(sphere) && sphere.radius! < diag) return sphere;
    // ring tori only (tube radius below the spine radius): a spindle torus of huge tube radius passes
    // within the tolerance through a small flat floor and its tangent fillets, and is never a blend
    const torus = fitTorus(s, centroids, fitTol);
    if (holds(torus) && torus.majorRadius! < diag && torus.radius! < torus.majorRadius!) return torus;
    return null;
  };
  const regionOnFit = (r: number, fit: SurfaceFit): boolean => {
    for (const t of regionTris[r])
      for (let k = 0; k < 3; k++) {
        const v = 3 * indices[3 * t + k];
        if (distanceToFit(fit, [positions[v], positions[v + 1], positions[v + 2]]) > fitTol) return false;
      }
    return true;
  };
  const byArea = Array.from({ length: regionCount }, (_, i) => i).sort((a, b) => regionArea[a] - regionArea[b]);
  const groupFit: (SurfaceFit | null)[] = [];
  for (const seed of byArea) {
    if (group[seed] >= 0) continue;
    const g = groups.length;
    const members = [seed];
    group[seed] = g;
    let fit: SurfaceFit | null = null;
    const frontier = [seed];
    while (frontier.length) {
      const r = frontier.pop()!;
      for (const [o, c] of adj[r]) {
        if (group[o] >= 0 || c < cosSmooth || c > cosPlane) continue;
        let joining = [o];
        let trial = curvedFit([...members, o]);
        // two flat strips of a cone leave its axis free (two normals pin down a cylinder's, not a cone's):
        // a seed whose first neighbour fits nothing tries that pair with a third strip, for a cone only
        // (three planar walls whose corners happen to lie on one circle are no cylinder)
        if ((!trial || !regionOnFit(o, trial)) && members.length === 1) {
          trial = null;
          for (const [o2, c2] of [...adj[o], ...adj[seed]]) {
            if (o2 === o || o2 === seed || group[o2] >= 0 || c2 < cosSmooth || c2 > cosPlane) continue;
            const triple = curvedFit([seed, o, o2]);
            if (triple?.kind === 'cone' && regionOnFit(o, triple) && regionOnFit(o2, triple)) {
              trial = triple;
              joining = [o, o2];
              break;
            }
          }
        }
        // the fit saw a sample of the triangles: the joining region must lie on it whole (a flat region
        // may hold a long strip of the next face beside a few of this one's triangles)
        if (!trial || !joining.every((x) => regionOnFit(x, trial))) continue;
        for (const x of joining) {
          members.push(x);
          group[x] = g;
          frontier.push(x);
        }
        fit = trial;
      }
    }
    if (members.length === 2) {
      // two flat regions fit by an "axis surface" are two planes meeting at a shallow angle, not a
      // tessellated curve (whose strips give at least three normal directions): keep them apart
      const other = members.pop()!;
      groups.push(members, [other]);
      group[other] = g + 1;
      groupFit.push(null, null);
      continue;
    }
    groups.push(members);
    groupFit.push(members.length > 2 ? fit : null);
    if (options.signal?.aborted) throw createAbortError(options.signal);
  }

  // 3a. whole-group merging of tori: region-by-region growth stalls where one more flat strip cannot
  // pin the surface down (a tube strip lies on a cylinder; strip + one quad leaves the torus axis
  // undetermined), so adjacent groups across smooth boundaries merge while their union fits a torus
  // seeded from their own fits (an earlier torus, or two equal-radius cylinders with skew axes)
  const centreOf = (regions: readonly number[]): Vec3 => {
    const c: Vec3 = [0, 0, 0];
    let w = 0;
    for (const r of regions) for (const t of regionTris[r]) {
      for (let k = 0; k < 3; k++) c[k] += ta[t] * tc[3 * t + k];
      w += ta[t];
    }
    return w > 0 ? [c[0] / w, c[1] / w, c[2] / w] : c;
  };
  // a torus the union's own normals cannot pin down, started from the parts' fits: an earlier torus,
  // or two tube strips fitted as cylinders of one radius with non-parallel axes
  const seededTorusFit = (union: readonly number[], g: number, h: number): SurfaceFit | null => {
    const fg = groupFit[g]!, fh = groupFit[h]!;
    const { s, centroids } = samplesOf(union);
    let fit: SurfaceFit | null = null;
    if (fg.kind === 'torus') fit = refitTorus(s, centroids, fg);
    else if (fh.kind === 'torus') fit = refitTorus(s, centroids, fh);
    else if (fg.kind === 'cylinder' && fh.kind === 'cylinder' && fg.axis && fh.axis && Math.abs(fg.radius! - fh.radius!) <= 0.05 * Math.max(fg.radius!, fh.radius!))
      fit = fitTorusFromCylinders(s, centroids, { origin: fg.origin, axis: fg.axis, radius: fg.radius!, centre: centreOf(groups[g]) }, { origin: fh.origin, axis: fh.axis, radius: fh.radius!, centre: centreOf(groups[h]) });
    return fit && fit.maxErrorMm <= fitTol && fit.majorRadius! < diag && fit.radius! < fit.majorRadius! && normalsAgree(fit, s, fitTol, maxSagitta) ? fit : null;
  };
  // Merges adjacent groups across smooth boundaries while `mergedFit` finds one surface for the pair (each
  // group `g` that `seeds` tries its neighbours `h` that `pairs` admits), until a pass merges nothing.
  const mergeAdjacentGroups = (
    maxPasses: number,
    seeds: (fg: SurfaceFit) => boolean,
    pairs: (fg: SurfaceFit, fh: SurfaceFit) => boolean,
    mergedFit: (union: readonly number[], g: number, h: number) => SurfaceFit | null,
  ): void => {
    for (let pass = 0, merged = 1; merged > 0 && pass < maxPasses; pass++) {
      merged = 0;
      for (let g = 0; g < groups.length; g++) {
        const fg = groupFit[g];
        if (!fg || !seeds(fg)) continue;
        const tried = new Set<number>();
        for (let i = 0; i < groups[g].length; i++)
          for (const [o, c] of adj[groups[g][i]]) {
            const h = group[o];
            const fh = groupFit[h];
            if (h === g || tried.has(h) || !fh || c < cosSmooth || !pairs(groupFit[g]!, fh)) continue;
            tried.add(h);
            const trial = mergedFit([...groups[g], ...groups[h]], g, h);
            if (!trial) continue;
            for (const r of groups[h]) group[r] = g;
            groups[g].push(...groups[h]);
            groups[h] = [];
            groupFit[h] = null;
            groupFit[g] = trial;
            merged++;
          }
      }
      if (options.signal?.aborted) throw createAbortError(options.signal);
    }
  };
  const isTubeLike = (f: SurfaceFit): boolean => f.kind === 'torus' || f.kind === 'cylinder';
  mergeAdjacentGroups(50, isTubeLike, (_fg, fh) => isTubeLike(fh), seededTorusFit);

  // 3b. same-surface merging: growth from several seeds on one surface stops where the groups meet
  // (a hole's wall in two pieces reads as a slot end), so adjacent curved groups of one kind, axis and
  // radius merge when their union, every vertex of it, still fits one surface
  const similar = (a: SurfaceFit, b: SurfaceFit): boolean => {
    if (a.kind !== b.kind || a.kind === 'plane' || a.kind === 'other' || a.radius === null || b.radius === null) return false;
    if (Math.abs(Math.abs(a.radius) - Math.abs(b.radius)) > 0.05 * Math.max(Math.abs(a.radius), Math.abs(b.radius))) return false;
    return !a.axis || !b.axis || Math.abs(dot3(a.axis, b.axis)) > 0.99;
  };
  mergeAdjacentGroups(20, () => true, similar, (union, g) => {
    const trial = curvedFit(union);
    return trial && trial.kind === groupFit[g]!.kind && union.every((r) => regionOnFit(r, trial)) ? trial : null;
  });

  // 3c. fragments: greedy merging leaves scraps (a few triangles seeded on a face boundary, fitted to
  // whatever their handful of points allows) that break a fillet's smooth arcs. A triangle moves to a
  // larger neighbouring face when it lies on that face's fitted surface (vertices within the fit
  // tolerance, normal agreeing with the surface's as in a fit — a looser angle let a thin tube's
  // facets slide onto any surface through its rings), until nothing moves.
  const fitOf = (members: readonly number[], fit: SurfaceFit | null): SurfaceFit | null => {
    if (fit) return fit;
    const { s } = samplesOf(members);
    const plane = s.areas.length ? fitPlane(s) : null;
    return plane && plane.maxErrorMm <= fitTol * 10 ? plane : plane ? { ...plane, kind: 'other', normal: null } : null;
  };
  const fits = groups.map((members, g) => fitOf(members, groupFit[g]));
  const triGroup = new Int32Array(nt);
  groups.forEach((members, g) => {
    for (const r of members) for (const t of regionTris[r]) triGroup[t] = g;
  });
  const groupSize = groups.map((members) => members.reduce((n, r) => n + regionTris[r].length, 0));
  let maxAbs = 0;
  for (const x of positions) maxAbs = Math.max(maxAbs, Math.abs(x));
  const noise = roundingNoiseMm(maxAbs);
  const liesOn = (t: number, fit: SurfaceFit): boolean => {
    if (fit.kind === 'other') return false;
    for (let k = 0; k < 3; k++) {
      const v = 3 * indices[3 * t + k];
      if (distanceToFit(fit, [positions[v], positions[v + 1], positions[v + 2]]) > fitTol) return false;
    }
    const n: Vec3 = [tn[3 * t], tn[3 * t + 1], tn[3 * t + 2]];
    if (dot3(fittedNormalAt(fit, [tc[3 * t], tc[3 * t + 1], tc[3 * t + 2]], n), n) <= 0) return false;
    const p = [0, 1, 2].map((k): Vec3 => {
      const v = 3 * indices[3 * t + k];
      return [positions[v], positions[v + 1], positions[v + 2]];
    });
    return facetAgrees(fit, p, n, ta[t], noise, fitTol, maxSagitta);
  };
  for (let pass = 0, moved = 1; moved > 0 && pass < 20; pass++) {
    moved = 0;
    for (let t = 0; t < nt; t++) {
      const g = triGroup[t];
      for (const u of nbr[t]) {
        const h = triGroup[u];
        if (h === g || groupSize[h] <= groupSize[g]) continue;
        const fit = fits[h];
        if (!fit || !liesOn(t, fit)) continue;
        triGroup[t] = h;
        groupSize[g]--;
        groupSize[h]++;
        moved++;
        break;
      }
    }
    if (options.signal?.aborted) throw createAbortError(options.signal);
  }

  // 4. faces (groups that lost all their triangles vanish; a curved group whose triangles lie on a plane
  // — a wall whose curved neighbours moved away, or a flat face whose float32 facet normals scatter by
  // more than planeAngleDeg and so grew as several regions — is a plane)
  const trisOfGroup: number[][] = groups.map(() => []);
  for (let t = 0; t < nt; t++) trisOfGroup[triGroup[t]].push(t);
  trisOfGroup.forEach((tris, g) => {
    const fit = fits[g];
    if (!fit || fit.kind === 'plane' || fit.kind === 'other' || tris.length === 0) return;
    const s: RegionSamples = { points: [], normals: [], areas: [] };
    for (const t of tris) addSample(s, t);
    if (s.areas.length === 0) return;
    // the facets must face the plane's way too: a closed cylinder's mean normal vanishes, and a zero
    // normal would put every point "on" the plane
    const plane = fitPlane(s);
    const n = plane.normal!;
    if (Math.hypot(n[0], n[1], n[2]) > 0.5 && plane.maxErrorMm <= fitTol && normalsAgree(plane, s, fitTol, maxSagitta)) fits[g] = plane;
  });
  const kept = groups.map((_, g) => g).filter((g) => trisOfGroup[g].length > 0);
  const faceOfTri = new Int32Array(nt);
  const faces: GraphFace[] = kept.map((g, gi) => {
    const tris = trisOfGroup[g];
    for (const t of tris) faceOfTri[t] = gi;
    const fit = fits[g];
    let area = 0;
    const centroid: Vec3 = [0, 0, 0];
    const pts: number[] = [];
    for (const t of tris) {
      area += ta[t];
      for (let k = 0; k < 3; k++) centroid[k] += ta[t] * tc[3 * t + k];
      for (let k = 0; k < 3; k++) {
        const v = 3 * indices[3 * t + k];
        pts.push(positions[v], positions[v + 1], positions[v + 2]);
      }
    }
    if (area > 0) for (let k = 0; k < 3; k++) centroid[k] /= area;
    const spanRad = fit?.axis && (fit.kind === 'cylinder' || fit.kind === 'cone' || fit.kind === 'torus') ? angularSpanRad(verticesOf(pts), fit.origin, fit.axis) : undefined;
    return {
      index: gi,
      stepId: null,
      kind: fit?.kind ?? 'other',
      normal: fit?.normal ?? null,
      origin: fit?.origin ?? centroid,
      axis: fit?.axis ?? null,
      radius: fit?.radius ?? null,
      majorRadius: fit?.majorRadius ?? null,
      semiAngleRad: fit?.semiAngleRad ?? null,
      inward: fit?.inward ?? false,
      area,
      centroid,
      bbox: boxOfPoints(pts),
      triangles: tris,
      ...(spanRad !== undefined ? { spanRad } : {}),
    };
  });

  // 5. AAG on a soup with fitted corner normals
  const soupPos = new Float64Array(nt * 9);
  const soupNrm = new Float32Array(nt * 9);
  const soupIdx = new Uint32Array(nt * 3);
  for (let t = 0; t < nt; t++) {
    const f = faces[faceOfTri[t]];
    const fallback: Vec3 = [tn[3 * t], tn[3 * t + 1], tn[3 * t + 2]];
    for (let k = 0; k < 3; k++) {
      const v = 3 * indices[3 * t + k];
      const p: Vec3 = [positions[v], positions[v + 1], positions[v + 2]];
      const n = f.kind === 'other' ? fallback : fittedNormalAt(f, p, fallback);
      for (let j = 0; j < 3; j++) {
        soupPos[9 * t + 3 * k + j] = p[j];
        soupNrm[9 * t + 3 * k + j] = n[j];
      }
      soupIdx[3 * t + k] = 3 * t + k;
    }
  }
  const aag = buildMeshAag({ positions: soupPos, normals: soupNrm, indices: soupIdx, triangleFace: faceOfTri }, faces.length, { weldToleranceMm: 1e-6 * diag });
  return { faces, arcs: aag.arcs, neighbours: aag.neighbours, bbox, diagonalMm: diag, points: new Float64Array(positions) };
}

/**
 * Fit a plane or an axis surface to a range of a Part mesh's triangles (B-spline faces that are really
 * planes or cylinders). Null when nothing fits within 1e-4 of the range's size.
 * @internal
 */
export function fitFaceTriangles(mesh: Readonly<PartMesh>, first: number, count: number): Partial<GraphFace> | null {
  const s: RegionSamples = { points: [], normals: [], areas: [] };
  const centroids: number[] = [];
  const { positions, indices } = mesh;
  for (let t = first; t < first + count; t++) {
    const v = [0, 1, 2].map((k) => 3 * indices[3 * t + k]);
    const p = v.map((i) => [positions[i], positions[i + 1], positions[i + 2]] as Vec3);
    const u: Vec3 = [p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]];
    const w: Vec3 = [p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]];
    const n: Vec3 = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const l = Math.hypot(n[0], n[1], n[2]);
    if (l === 0) continue;
    for (const q of p) s.points.push(q[0], q[1], q[2]);
    s.normals.push(n[0] / l, n[1] / l, n[2] / l);
    s.areas.push(l / 2);
    for (let k = 0; k < 3; k++) centroids.push((p[0][k] + p[1][k] + p[2][k]) / 3);
  }
  if (s.areas.length === 0) return null;
  return fitPlaneOrAxisSurface(s, centroids);
}

function verticesOf(xyz: readonly number[]): Vec3[] {
  const out: Vec3[] = [];
  for (let i = 0; i < xyz.length; i += 3) out.push([xyz[i], xyz[i + 1], xyz[i + 2]]);
  return out;
}
