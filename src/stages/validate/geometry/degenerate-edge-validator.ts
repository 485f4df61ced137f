import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, stepIds } from './geometry-context.js';

/**
 * Geometry: no edge has (about) zero length. `GEOM_DEGENERATE_EDGE` (warning): edges of length at
 * most tol (OpenCascade tolerates them, but they break adjacency and convexity measures).
 */
export const degenerateEdgeValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/degenerate-edge',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const bad = ctx.part.edges.filter((e) => !(e.lengthMm > ctx.toleranceMm)).map((e) => e.index);
    if (bad.length === 0) return [];
    return [
      {
        code: 'GEOM_DEGENERATE_EDGE',
        severity: 'warning',
        message: `${bad.length} edge(s) of zero length (≤ ${ctx.toleranceMm.toExponential(1)} mm)`,
        entityIds: stepIds(bad, (e) => ctx.part.edges[e].stepId),
        location: { edgeIndex: bad[0], point: ctx.part.vertices[ctx.part.edges[bad[0]].start]?.point },
      },
    ];
  },
});
