import type { Body } from './collect-bodies.js';
import { checkFace } from './face-checks.js';
import type { MatchContext } from './match-context.js';

/** @internal Per-face outcome of {@link orderCheck}. */
export interface OrderCheck {
  pass: boolean[];
  devs: (number | null)[];
  normalOk: boolean[];
  failures: number;
}

/**
 * @internal Order check of mesh `m` against body `b` under inverse transform `inv`: occt face k against the
 * body's face k, per face pass/fail. A face passes when its vertices lie on the surface, it has every
 * B-Rep vertex, the edges' witness points lie on its boundary and (planes) its winding agrees. `quick`
 * checks at most three non-empty faces and stops at the first failure.
 */
export function orderCheck(ctx: MatchContext, m: number, b: Body, inv: number[], quick: boolean): OrderCheck {
  const { part, flat, tol } = ctx;
  const r = flat.meshRanges[m];
  const pass: boolean[] = [];
  const devs: (number | null)[] = [];
  const normalOk: boolean[] = [];
  let failures = 0;
  let checked = 0;
  for (let k = 0; k < r.faceCount && k < b.faces.length; k++) {
    const g = r.firstFace + k;
    if (!ctx.nonEmpty(g)) {
      pass.push(false);
      devs.push(null);
      normalOk.push(true);
      continue;
    }
    if (quick && checked >= 3) break;
    checked++;
    const geom = ctx.geomOf(g);
    const c = checkFace(part, flat, geom, b.faces[k], inv, tol, ctx.bvertsOf(b.faces[k]), true);
    // the face's edges must be the occt face's boundary: same surface and same corners is not enough
    // (the two halves of a split cylinder share both)
    const ok = c.dev !== Infinity && c.vertexHit === 1 && ctx.witnessesOnBoundary(geom, inv, b.faces[k], true) === 1;
    pass.push(ok && c.normalOk);
    devs.push(c.dev === Infinity ? null : c.dev);
    normalOk.push(c.normalOk);
    if (!ok) {
      failures++;
      if (quick) break;
    }
  }
  return { pass, devs, normalOk, failures };
}
