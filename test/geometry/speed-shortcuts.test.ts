/**
 * Speed shortcuts in the geometry kernels and the B-Rep against the computations they replace, on the B-spline
 * surfaces and curves and the faces of real parts (fixtures; realworld tune parts when the shared data is there):
 * a B-spline point without derivatives, the projection's seed grid with one basis per row and column, and a
 * face's coedge direction per edge from its table. Each must give the same bits as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { firstCoedgeForward } from '../../src/brep/coedge-direction.js';
import { evalBSplineCurve, evalBSplineSurface } from '../../src/geometry/bspline.js';
import { bsplineGrid } from '../../src/geometry/surface-distance.js';
import { surfaceDomain } from '../../src/geometry/surface-eval.js';
import type { Curve, Part, Surface, Vec3 } from '../../src/model/index.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url)))));
/** Realworld tune parts with B-spline surfaces (rational ones too) and hole-rich faces. */
const realworld = (prefix: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(join(REALWORLD_DIR, 'parts', prefix)))));

function parts(): [string, Part][] {
  const out: [string, Part][] = ['curve-surface-forms.step', 'plate-holes.step', 'lemon-barrel.step', 'threaded-hole.step'].map((n) => [n, fixture(n)]);
  if (HAS_SHARED) out.push(['D10', realworld('D10__gripper_static_part.step')], ['D17', realworld('D17__nist_ctc_05_asme1_rd.stp')]);
  return out;
}

function bsplineSurfaces(part: Part): Extract<Surface, { type: 'bspline' }>[] {
  const out = new Set<Extract<Surface, { type: 'bspline' }>>();
  const visit = (s: Surface | null) => {
    if (!s) return;
    if (s.type === 'bspline') out.add(s);
    else if (s.type === 'offset') visit(s.basis);
  };
  for (const f of part.faces) visit(f.surface);
  return [...out];
}

function bsplineCurves(part: Part): Extract<Curve, { type: 'bspline' }>[] {
  const out = new Set<Extract<Curve, { type: 'bspline' }>>();
  const visit = (c: Curve) => {
    if (c.type === 'bspline') out.add(c);
    else if (c.type === 'trimmed') visit(c.basis);
  };
  for (const e of part.edges) visit(e.curve);
  return [...out];
}

describe(sharedTitle('geometry and B-Rep speed shortcuts give the bits of the direct computation'), () => {
  const all = parts();

  it('a B-spline surface point without derivatives is the point evaluated with them (inside and outside the domain)', () => {
    let surfaces = 0, rational = 0;
    for (const [, part] of all)
      for (const s of bsplineSurfaces(part)) {
        surfaces++;
        if (s.weights) rational++;
        const [u0, u1, v0, v1] = surfaceDomain(s);
        for (let i = -1; i <= 12; i++)
          for (let j = -1; j <= 12; j++) {
            const u = u0 + ((u1 - u0) * i) / 11, v = v0 + ((v1 - v0) * j) / 11;
            const alone = evalBSplineSurface(s, u, v, [0, 0, 0]);
            const withDerivatives = evalBSplineSurface(s, u, v, [0, 0, 0], [0, 0, 0], [0, 0, 0]);
            expect(alone).toEqual(withDerivatives);
          }
      }
    expect(surfaces).toBeGreaterThan(0);
    if (HAS_SHARED) expect(rational).toBeGreaterThan(0);
  });

  it('a B-spline curve point without the derivative is the point evaluated with it', () => {
    let curves = 0;
    for (const [, part] of all)
      for (const c of bsplineCurves(part)) {
        curves++;
        const knots = c.knots;
        const t0 = knots[0], t1 = knots[knots.length - 1];
        for (let i = -1; i <= 40; i++) {
          const t = t0 + ((t1 - t0) * i) / 39;
          expect(evalBSplineCurve(c, t, [0, 0, 0])).toEqual(evalBSplineCurve(c, t, [0, 0, 0], [0, 0, 0]));
        }
      }
    expect(curves).toBeGreaterThan(0);
  });

  it("the projection's seed grid holds the surface's points at its parameters, as evaluated one by one", () => {
    let grids = 0;
    for (const [, part] of all)
      for (const s of bsplineSurfaces(part)) {
        const g = bsplineGrid(s);
        grids++;
        const p: Vec3 = [0, 0, 0];
        for (let i = 0; i < g.nu; i++)
          for (let j = 0; j < g.nv; j++) {
            evalBSplineSurface(s, g.us[i], g.vs[j], p, [0, 0, 0], [0, 0, 0]);
            const k = (i * g.nv + j) * 3;
            expect([g.pts[k], g.pts[k + 1], g.pts[k + 2]]).toEqual(p);
          }
      }
    expect(grids).toBeGreaterThan(0);
  });

  it("a face's coedge direction per edge is that of the edge's first coedge in its loops", () => {
    let asked = 0;
    for (const [, part] of all)
      for (const f of part.faces) {
        const first = (edge: number) => {
          for (const b of f.bounds) for (const ce of b.coedges) if (ce.edge === edge) return ce.forward;
          return undefined;
        };
        for (let e = 0; e < part.edges.length; e += f.bounds.length > 3 ? 1 : 7) {
          expect(firstCoedgeForward(f, e)).toBe(first(e));
          asked++;
        }
      }
    expect(asked).toBeGreaterThan(1000);
  });
});
