import type { Finding } from '../finding.js';
import { defineValidator } from '../validator.js';
import { type GeometryContext, shellName } from './geometry-context.js';

/**
 * Euler–Poincaré for one closed shell: V − E + F − (L − F) = 2(S − G) with S = 1, so the genus is
 * G = 1 − (V − E + 2F − L) / 2. Returns null when the counts give no valid genus.
 * @internal
 */
export function shellGenus(v: number, e: number, f: number, l: number): number | null {
  const g = 1 - (v - e + 2 * f - l) / 2;
  return Number.isInteger(g) && g >= 0 ? g : null;
}

/**
 * Geometry: the Euler–Poincaré formula holds for every closed, manifold shell — the genus G derived
 * from V, E, F and L (loops) is a whole number ≥ 0. `GEOM_EULER_VIOLATION` (error) otherwise,
 * which means the topology is inconsistent (missing or duplicated edges, vertices or loops).
 * Shells that are open or non-manifold are skipped (their own validators report them), and so are
 * shells with faces without loops (mesh-derived IGES/BREP parts carry no B-Rep topology).
 */
export const eulerValidator = defineValidator<GeometryContext>({
  id: 'cadlens/geometry/euler-poincare',
  stage: 'geometry',
  validate(ctx): Finding[] {
    const out: Finding[] = [];
    for (const sa of ctx.shells) {
      if (!sa.mustBeClosed) continue;
      // Mesh-derived parts (IGES/BREP via occt, meshes) have no loops or edges: nothing to count.
      const faces = ctx.part.shells[sa.shell].faces;
      if (sa.loopCount === 0 || faces.some((fi) => ctx.part.faces[fi].bounds.length === 0)) continue;
      let ok = true;
      for (const u of sa.edgeUses.values()) if (u.forward + u.backward !== 2) ok = false;
      if (!ok) continue;
      const f = ctx.part.shells[sa.shell].faces.length;
      const v = sa.vertexCount, e = sa.edgeUses.size, l = sa.loopCount;
      if (shellGenus(v, e, f, l) === null)
        out.push({
          code: 'GEOM_EULER_VIOLATION',
          severity: 'error',
          message: `${shellName(ctx.part, sa.shell)}: V−E+F−(L−F) = ${v}−${e}+${f}−(${l}−${f}) = ${v - e + 2 * f - l} gives genus ${1 - (v - e + 2 * f - l) / 2}, not a whole number ≥ 0`,
          ...(ctx.part.shells[sa.shell].stepId !== null ? { entityIds: [ctx.part.shells[sa.shell].stepId!] } : {}),
          location: { shellIndex: sa.shell },
        });
    }
    return out;
  },
});
