import { isIdentity } from './body-placements.js';
import type { Body } from './collect-bodies.js';
import { geometricMatch, planGeometricMatch, recordGeometricMatch, type PlannedMatch } from './geometric-match.js';
import type { MatchContext, MatchState } from './match-context.js';
import { orderCheck } from './order-check.js';

/**
 * @internal Attach every occt mesh to a Part body and assign its faces, recording the outcome in `state`:
 * 1. order mapping against an unmapped body with the same face count (from the next expected one on),
 *    under each of its placements: accepted when at most 20 % of the faces fail the order check; the
 *    verified faces map by order, the rest geometrically;
 * 2. otherwise geometric mapping against the unmapped body of similar size whose placement matches the
 *    most occt faces, accepted from 80 % of the mesh's non-empty faces (the winning dry run's plan is recorded);
 * 3. otherwise the mesh is skipped (`repeated-instance` when a body of its face count is already mapped).
 */
export function attachMeshes(ctx: MatchContext, state: MatchState, bodies: Body[]): void {
  const { flat } = ctx;
  const { bodyMapped, assignments, occtTaken, orientationMismatches } = state;
  const nonEmptyCount = (m: number) => {
    const r = flat.meshRanges[m];
    let n = 0;
    for (let k = 0; k < r.faceCount; k++) if (ctx.nonEmpty(r.firstFace + k)) n++;
    return n;
  };

  let nextBody = 0;
  for (let m = 0; m < flat.meshRanges.length; m++) {
    const r = flat.meshRanges[m];
    if (r.faceCount === 0) continue;
    let attached = false;
    // 1) order mapping against a body with the same face count (unmapped bodies, from the expected one on)
    for (let step = 0; step < bodies.length && !attached; step++) {
      const bi = (nextBody + step) % bodies.length;
      const b = bodies[bi];
      if (bodyMapped[bi] || b.faces.length !== r.faceCount) continue;
      for (const inv of b.inverses) {
        if (orderCheck(ctx, m, b, inv, true).failures > 0) continue;
        const full = orderCheck(ctx, m, b, inv, false);
        if (full.failures > Math.max(0, Math.floor(0.2 * r.faceCount))) continue;
        // accept: verified faces by order, the rest geometrically
        for (let k = 0; k < full.pass.length; k++) {
          if (!full.pass[k]) continue;
          const g = r.firstFace + k;
          occtTaken[g] = 1;
          assignments.set(b.faces[k], { occt: [g], status: 'order', dev: full.devs[k], inv });
        }
        // order-check faces that failed only on orientation: record them, map geometrically below
        for (let k = 0; k < full.normalOk.length; k++) if (!full.normalOk[k]) orientationMismatches.add(b.faces[k]);
        geometricMatch(ctx, state, m, b, inv, false);
        bodyMapped[bi] = 1;
        state.meshInverse.set(m, inv);
        state.attachedMeshes.push({ meshIndex: m, body: b.ref, transformed: !isIdentity(inv) });
        nextBody = bi + 1;
        attached = true;
        break;
      }
    }
    // 2) geometric mapping against an unmapped body of similar size
    if (!attached) {
      const need = nonEmptyCount(m);
      let bestBody = -1;
      let bestInv: number[] | null = null;
      let bestPlan: PlannedMatch[] = [];
      let bestMatched = 0;
      for (let step = 0; step < bodies.length; step++) {
        const bi = (nextBody + step) % bodies.length;
        const b = bodies[bi];
        if (bodyMapped[bi]) continue;
        if (Math.abs(b.faces.length - r.faceCount) > Math.max(2, 0.2 * r.faceCount)) continue;
        for (const inv of b.inverses) {
          // a dry run: nothing changes the match state until the best plan is recorded below
          const plan = planGeometricMatch(ctx, state, m, b, inv);
          if (plan.length > bestMatched) {
            bestMatched = plan.length;
            bestBody = bi;
            bestInv = inv;
            bestPlan = plan;
          }
        }
        if (bestMatched === need) break;
      }
      if (bestBody >= 0 && bestInv && bestMatched >= Math.max(1, Math.ceil(0.8 * need))) {
        const b = bodies[bestBody];
        recordGeometricMatch(ctx, state, bestPlan, bestInv);
        bodyMapped[bestBody] = 1;
        state.meshInverse.set(m, bestInv);
        state.attachedMeshes.push({ meshIndex: m, body: b.ref, transformed: !isIdentity(bestInv) });
        nextBody = bestBody + 1;
        attached = true;
      }
    }
    if (!attached) {
      const sameCountMapped = bodies.some((b, bi) => bodyMapped[bi] && b.faces.length === r.faceCount);
      state.skippedMeshes.push({ meshIndex: m, reason: sameCountMapped ? 'repeated-instance' : 'no-matching-body' });
    }
  }
}
