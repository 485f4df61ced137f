import type { findSelfIntersections as FindSelfIntersections } from '../../../geometry/bvh-self-intersection.js';
import { throwIfAborted } from '../../../errors/abort.js';
import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, stepIds } from './geometry-context.js';
import { checkNotRun, meshCheckNotRun } from './check-not-run.js';

let bvhModule: Promise<typeof FindSelfIntersections> | undefined;
function loadFindSelfIntersections(): Promise<typeof FindSelfIntersections> {
  // three and three-mesh-bvh come in as static imports of this chunk (src/geometry/bvh-deps.ts).
  bvhModule ??= Promise.all([import('../../../geometry/static-bvh-deps.js'), import('../../../geometry/bvh-self-intersection.js')]).then(([deps, m]) => {
    deps.provideStaticBvhDeps();
    return m.findSelfIntersections;
  });
  return bvhModule;
}

/**
 * Geometry: no body intersects itself. The welded triangles of each solid (all its shells; a free
 * shell on its own) are searched with a BVH (three-mesh-bvh) and tested pairwise in double
 * precision; triangles sharing a welded vertex do not count, and neither do contacts or shallow
 * crossings: a pair counts when each triangle reaches more than `minPenetrationMm` through the
 * other's plane (by default the tessellation's chordal deflection, 0.001 × the mean bounding-box
 * edge: shallower crossings cannot be told apart from chord error), or when coplanar triangles
 * overlap in their interiors. OpenCascade's tessellation of valid solids has touching, unshared
 * vertices (e.g. around cone apexes) at rounding level, and chords of a shaft and of its hole can
 * cross by a fraction of the deflection.
 * - `GEOM_SELF_INTERSECTION` (error): intersecting triangle pairs; entity ids are the faces involved.
 * - `GEOM_CHECK_NOT_RUN` (error): faces of the body without triangles were not searched.
 * - `GEOM_MESH_CHECK_NOT_RUN` (info): the part was not tessellated.
 * - `GEOM_SELF_INTERSECTION_SKIPPED` (info): the body has more than `maxTriangles` triangles, or
 *   the check is disabled.
 */
export const selfIntersectionValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/self-intersection',
  stage: 'geometry',
  needsMesh: true,
  async validate(ctx, { signal }): Promise<Finding[]> {
    if (ctx.withoutMesh) return [meshCheckNotRun(ctx, 'self-intersection check')];
    const out: Finding[] = [];
    let findSelfIntersections: typeof FindSelfIntersections | undefined;
    const opts = ctx.options.selfIntersection;
    const part = ctx.part;
    // Bodies: a solid's shells together; shells of a surface model (often several closed bodies
    // bundled in one SHELL_BASED_SURFACE_MODEL) and free shells alone.
    const bodies = new Map<string, number[]>();
    for (const sa of ctx.shells) {
      const solid = part.shells[sa.shell].solid;
      const own = solid < 0 || part.solids[solid].kind === 'shell_based_surface_model';
      const key = own ? `shell ${sa.shell}` : `solid ${solid}`;
      const list = bodies.get(key) ?? [];
      list.push(sa.shell);
      bodies.set(key, list);
    }
    for (const [key, shellIdx] of bodies) {
      const parts = shellIdx.map((s) => ctx.shells[s]);
      const triCount = parts.reduce((n, sa) => n + sa.triangles.length, 0);
      const solidIdx = key.startsWith('solid') ? part.shells[shellIdx[0]].solid : -1;
      const stepId = solidIdx >= 0 ? part.solids[solidIdx].stepId : part.shells[shellIdx[0]].stepId;
      const name = stepId !== null ? `${key.split(' ')[0]} #${stepId}` : key;
      const untriangulated = parts.flatMap((sa) => sa.facesWithoutTriangles);
      if (untriangulated.length > 0) out.push(checkNotRun(part, 'self-intersection check', name, untriangulated, { faceIndex: untriangulated[0] }));
      if (triCount < 2) continue;
      if (!opts.enabled || triCount > opts.maxTriangles) {
        out.push({
          code: 'GEOM_SELF_INTERSECTION_SKIPPED',
          severity: 'info',
          message: opts.enabled ? `${name}: ${triCount} triangles, over the limit of ${opts.maxTriangles}` : `${name}: check disabled`,
        });
        continue;
      }
      const triangles = new Uint32Array(triCount);
      const indices = new Uint32Array(triCount * 3);
      let k = 0;
      for (const sa of parts) {
        triangles.set(sa.triangles, k);
        indices.set(sa.weldedIndices, 3 * k);
        k += sa.triangles.length;
      }
      // three and three-mesh-bvh (2.4 MB of modules) are loaded when a body is searched, not with the
      // analyzer: an analysis without a mesh (`mesh: 'never'`) never needs them.
      findSelfIntersections ??= await loadFindSelfIntersections();
      const r = findSelfIntersections(ctx.weldedPositions, indices, {
        maxPairs: opts.maxPairs,
        epsilonMm: Math.min(1e-9, ctx.toleranceMm * 1e-3),
        minPenetrationMm: opts.minPenetrationMm,
        ...(signal ? { signal } : {}),
      });
      if (r.aborted) throwIfAborted(signal);
      if (r.count === 0) continue;
      const faces: number[] = [];
      for (const t of r.pairs) faces.push(part.mesh.triangleFace[triangles[t]]);
      const p = ctx.weldedPositions;
      const t0 = r.pairs[0];
      const centroid: [number, number, number] = [0, 0, 0];
      for (let c = 0; c < 3; c++) for (let d = 0; d < 3; d++) centroid[d] += p[3 * indices[3 * t0 + c] + d] / 3;
      const distinctFaces = [...new Set(faces)].filter((f) => f >= 0);
      out.push({
        code: 'GEOM_SELF_INTERSECTION',
        severity: 'error',
        message: `${name}: ${r.truncated ? 'at least ' : ''}${r.count} pair(s) of intersecting triangles, on ${distinctFaces.length} face(s)`,
        entityIds: stepIds(distinctFaces, (f) => part.faces[f].stepId),
        location: { ...(distinctFaces.length > 0 ? { faceIndex: distinctFaces[0] } : {}), point: centroid },
      });
    }
    return out;
  },
});
