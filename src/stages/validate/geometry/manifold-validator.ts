import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName, stepIds } from './geometry-context.js';

/**
 * Geometry: the shell is a 2-manifold.
 * - `GEOM_NON_MANIFOLD_EDGE` (error): an edge used by more than two faces of one shell.
 * - `GEOM_NON_MANIFOLD_VERTEX` (error): a vertex whose faces fall apart into several fans (the faces
 *   around it are not connected through edges at that vertex), e.g. two blocks touching at a corner.
 */
export const manifoldValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/manifold',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    const part = ctx.part;
    for (const sa of ctx.shells) {
      const many = [...sa.edgeUses.values()].filter((u) => u.forward + u.backward > 2).map((u) => u.edge);
      if (many.length > 0)
        out.push({
          code: 'GEOM_NON_MANIFOLD_EDGE',
          severity: 'error',
          message: `${shellName(part, sa.shell)}: ${many.length} edge(s) used by more than two faces`,
          entityIds: stepIds(many, (e) => part.edges[e].stepId),
          location: { shellIndex: sa.shell, edgeIndex: many[0] },
        });
      // Faces around each vertex, joined when they share an edge incident to the vertex.
      const faceSets = new Map<number, Map<number, number>>(); // vertex → (face → parent face)
      const find = (m: Map<number, number>, f: number): number => {
        let r = f;
        while (m.get(r) !== r) r = m.get(r)!;
        let x = f;
        while (x !== r) {
          const nx = m.get(x)!;
          m.set(x, r);
          x = nx;
        }
        return r;
      };
      const add = (v: number, faces: number[]) => {
        let m = faceSets.get(v);
        if (!m) faceSets.set(v, (m = new Map()));
        for (const f of faces) if (!m.has(f)) m.set(f, f);
        for (let i = 1; i < faces.length; i++) {
          const a = find(m, faces[0]), b = find(m, faces[i]);
          if (a !== b) m.set(b, a);
        }
      };
      for (const u of sa.edgeUses.values()) {
        const e = part.edges[u.edge];
        add(e.start, u.faces);
        if (e.end !== e.start) add(e.end, u.faces);
      }
      for (const fi of part.shells[sa.shell].faces)
        for (const b of part.faces[fi].bounds) if (b.vertex !== undefined) add(b.vertex, [fi]);
      const bad: number[] = [];
      for (const [v, m] of faceSets) {
        const roots = new Set<number>();
        for (const f of m.keys()) roots.add(find(m, f));
        if (roots.size > 1) bad.push(v);
      }
      if (bad.length > 0)
        out.push({
          code: 'GEOM_NON_MANIFOLD_VERTEX',
          severity: 'error',
          message: `${shellName(part, sa.shell)}: ${bad.length} vertex/vertices where separate fans of faces meet`,
          entityIds: stepIds(bad, (v) => part.vertices[v].stepId),
          location: { shellIndex: sa.shell, vertexIndex: bad[0], point: part.vertices[bad[0]].point },
        });
    }
    return out;
  },
});
