import type { Vec3 } from '../../model/index.js';
import type { Body } from './collect-bodies.js';
import { checkFace } from './face-checks.js';
import type { MatchContext, MatchState } from './match-context.js';
import { localCoords } from './occt-face-geometry.js';

/**
 * @internal Geometric matching of the not-yet-assigned occt faces of mesh `m` against the free faces of body `b`.
 * Candidates come from a spatial hash of the occt vertices (an occt face is a candidate for a Part face
 * when it has a vertex at one of the face's B-Rep vertices), so the cost stays near linear in faces.
 * 1. Exact pairs first, one to one (best deviation first): the occt face lies on the surface, has every
 *    B-Rep vertex of the Part face and runs along all of its edges (edge witness points on its boundary).
 * 2. The remaining occt faces (pieces of a face split by healing) go to the free Part face whose surface
 *    holds them and whose vertices and edge witnesses they share most; exact-matched faces take no more.
 * With `dryRun` nothing is recorded. Returns the number of occt faces matched.
 */
export function geometricMatch(ctx: MatchContext, state: MatchState, m: number, b: Body, inv: number[], dryRun: boolean): number {
  const planned = planGeometricMatch(ctx, state, m, b, inv);
  if (!dryRun) recordGeometricMatch(ctx, state, planned, inv);
  return planned.length;
}

/** @internal One occt face given to one Part face by {@link planGeometricMatch}. */
export interface PlannedMatch {
  g: number;
  pf: number;
  dev: number;
  exact: boolean;
}

/**
 * @internal What {@link geometricMatch} would record for mesh `m` against body `b` under `inv`, recording nothing:
 * a plan stays valid while the match state does not change (the dry runs that choose a body leave it as it is).
 */
export function planGeometricMatch(ctx: MatchContext, state: MatchState, m: number, b: Body, inv: number[]): PlannedMatch[] {
  const { part, flat, tol, geomOf, bvertsOf } = ctx;
  const { assignments, exactFaces, occtTaken } = state;
  const r = flat.meshRanges[m];
  const freeFaces = b.faces.filter((pf) => !exactFaces.has(pf) && (!assignments.has(pf) || assignments.get(pf)!.status === 'geometric'));
  const freeOcct: number[] = [];
  for (let k = 0; k < r.faceCount; k++) {
    const g = r.firstFace + k;
    if (!occtTaken[g] && ctx.nonEmpty(g)) freeOcct.push(g);
  }
  if (freeOcct.length === 0 || freeFaces.length === 0) return [];
  // spatial hash of the free occt faces' vertices (body frame)
  const cell = 2 * tol;
  const grid = new Map<number, number[]>(); // hash → [occt face, local vertex, ...]
  const hash = (ix: number, iy: number, iz: number) => Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791);
  for (const g of freeOcct) {
    const geom = geomOf(g);
    const local = localCoords(flat, geom, inv);
    for (let i = 0; i < geom.verts.length; i++) {
      const h = hash(Math.floor(local[3 * i] / cell), Math.floor(local[3 * i + 1] / cell), Math.floor(local[3 * i + 2] / cell));
      const list = grid.get(h);
      if (list) list.push(g, i);
      else grid.set(h, [g, i]);
    }
  }
  const tol2 = tol * tol;
  /** occt faces with a vertex within tol of p. */
  const facesNear = (p: Vec3, out: Set<number>) => {
    const cx = Math.floor(p[0] / cell), cy = Math.floor(p[1] / cell), cz = Math.floor(p[2] / cell);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++) {
          const list = grid.get(hash(cx + dx, cy + dy, cz + dz));
          if (!list) continue;
          for (let j = 0; j < list.length; j += 2) {
            const g = list[j];
            if (out.has(g)) continue;
            const local = localCoords(flat, geomOf(g), inv);
            const i = 3 * list[j + 1];
            const ex = local[i] - p[0], ey = local[i + 1] - p[1], ez = local[i + 2] - p[2];
            if (ex * ex + ey * ey + ez * ez <= tol2) out.add(g);
          }
        }
  };
  interface Pair { g: number; pf: number; dev: number; hit: number; wit: number }
  const pairs: Pair[] = [];
  const near = new Set<number>();
  for (const pf of freeFaces) {
    const bv = bvertsOf(pf);
    const hits = new Map<number, number>();
    if (bv.length > 0) {
      for (const p of bv) {
        near.clear();
        facesNear(p, near);
        for (const g of near) hits.set(g, (hits.get(g) ?? 0) + 1);
      }
    } else for (const g of freeOcct) hits.set(g, 0);
    for (const [g, n] of hits) {
      const geom = geomOf(g);
      const c = checkFace(part, flat, geom, pf, inv, tol, [], false);
      if (c.dev === null || c.dev > tol) continue; // geometric matching needs a measurable surface
      const hit = bv.length > 0 ? n / bv.length : 1;
      const wit = ctx.witnessesOnBoundary(geom, inv, pf, false);
      pairs.push({ g, pf, dev: c.dev, hit, wit });
    }
  }
  const planned: PlannedMatch[] = [];
  const gDone = new Set<number>();
  const pfExact = new Set<number>();
  const exactPairs = pairs.filter((p) => p.hit === 1 && p.wit === 1).sort((x, y) => x.dev - y.dev);
  for (const p of exactPairs) {
    if (gDone.has(p.g) || pfExact.has(p.pf)) continue;
    gDone.add(p.g);
    pfExact.add(p.pf);
    planned.push({ g: p.g, pf: p.pf, dev: p.dev, exact: true });
  }
  const best = new Map<number, Pair>();
  for (const p of pairs) {
    if (gDone.has(p.g) || pfExact.has(p.pf)) continue;
    const q = best.get(p.g);
    if (!q || p.hit + p.wit > q.hit + q.wit || (p.hit + p.wit === q.hit + q.wit && p.dev < q.dev)) best.set(p.g, p);
  }
  for (const p of best.values()) planned.push({ g: p.g, pf: p.pf, dev: p.dev, exact: false });
  return planned;
}

/** @internal Records a {@link planGeometricMatch} plan made under `inv` in the match state. */
export function recordGeometricMatch(ctx: MatchContext, state: MatchState, planned: readonly PlannedMatch[], inv: number[]): void {
  const { part, flat, tol, geomOf } = ctx;
  const { assignments, exactFaces, occtTaken } = state;
  for (const { g, pf, dev, exact } of planned) {
    occtTaken[g] = 1;
    if (exact) exactFaces.add(pf);
    const prev = assignments.get(pf);
    if (prev) {
      prev.occt.push(g);
      prev.dev = Math.max(prev.dev ?? 0, dev);
    } else assignments.set(pf, { occt: [g], status: 'geometric', dev, inv });
    const c = checkFace(part, flat, geomOf(g), pf, inv, tol, [], false);
    if (!c.normalOk) state.orientationMismatches.add(pf);
  }
}
