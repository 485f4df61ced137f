/**
 * Session 9's recognition-time changes against the computations they replace, on fixture parts (and a realworld
 * tune part when the shared data is there): the angular gap from a native numeric sort, the outline walls'
 * farthest point in its own function, the stock rules' face boundary points from the Part's shared view, the
 * feature graph's angular span on scalars and its loop polygon only where it is read. Each must give the same bits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part, Vec3 } from '../../src/model/index.js';
import { largestAngularGap } from '../../src/geometry/angular-gap.js';
import { createSeededRandom } from '../../src/geometry/seeded-random.js';
import { perpendicularFrame, projectedRange } from '../../src/geometry/vec3.js';
import { partBoundaryPoints } from '../../src/features/parameters/index.js';
import { farthestAbovePlane } from '../../src/stages/recognize/base-body-stock.js';
import { faceBoundaryReader } from '../../src/stages/recognize/face-boundary-extents.js';
import { angularSpanRad, buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { boxUnderPlane } from '../../src/stages/recognize/tier2-heuristics/stock-faces.js';
import { envelopePoints, rotatedBox } from '../../src/stages/recognize/tier1-aagnet/stock-envelope.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url)))));

function parts(): [string, Part][] {
  const out: [string, Part][] = ['plate-holes.step', 'threaded-hole.step', 'fillet-block.step', 'lemon-barrel.step', 'curve-surface-forms.step'].map((n) => [n, fixture(n)]);
  if (HAS_SHARED) out.push(['D13', buildPartFromStep(readStep(new Uint8Array(readFileSync(join(REALWORLD_DIR, 'parts', 'D13__nist_ctc_01_asme1_rd.stp')))))]);
  return out;
}

/** The gap scan as the callers wrote it before: a comparator sort of a copy. */
function gapByComparatorSort(angles: readonly number[], period: number): number {
  const a = [...angles].sort((x, y) => x - y);
  let gap = a[0] + period - a[a.length - 1];
  for (let i = 1; i < a.length; i++) gap = Math.max(gap, a[i] - a[i - 1]);
  return gap;
}

/** angularSpanRad as it was before (a Vec3 per point, comparator sort). */
function angularSpanBefore(points: readonly Vec3[], origin: Vec3, axis: Vec3): number {
  const [u, v] = perpendicularFrame(axis);
  const angles: number[] = [];
  for (const p of points) {
    const q: Vec3 = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
    const x = q[0] * u[0] + q[1] * u[1] + q[2] * u[2], y = q[0] * v[0] + q[1] * v[1] + q[2] * v[2];
    if (Math.hypot(x, y) < 1e-9) continue;
    angles.push(Math.atan2(y, x));
  }
  if (angles.length < 2) return 2 * Math.PI;
  return 2 * Math.PI - gapByComparatorSort(angles, 2 * Math.PI);
}

describe(sharedTitle('session-9 recognition shortcuts give what the direct computation gives'), () => {
  const all = parts();

  it('largestAngularGap equals the comparator-sort scan: random, repeated, ±0, ±π and NaN angles, degrees and radians', () => {
    const rnd = createSeededRandom(9);
    let sets = 0;
    for (let n = 2; n < 60; n++)
      for (const period of [360, 2 * Math.PI]) {
        const half = period / 2;
        const angles = Array.from({ length: n }, () => (rnd() * 2 - 1) * half);
        // repeats, signed zeros and both ends of atan2's range
        if (n % 3 === 0) angles.push(angles[0], 0, -0, half, -half);
        if (n % 7 === 0) angles.push(-0, -0, 0);
        sets++;
        expect(Object.is(largestAngularGap(angles, period), gapByComparatorSort(angles, period))).toBe(true);
        const withNaN = [...angles, NaN];
        expect(Object.is(largestAngularGap(withNaN, period), gapByComparatorSort(withNaN, period))).toBe(true);
      }
    expect(largestAngularGap([0, -0], 360)).toBe(360);
    expect(largestAngularGap([-180, 180], 360)).toBe(360);
    expect(sets).toBeGreaterThan(100);
  });

  it('the angular span of every cylinder, cone and torus face of the feature graph equals the former per-point computation', () => {
    let faces = 0;
    for (const [, part] of all) {
      const g = buildFeatureGraphFromPart(part);
      for (const f of g.faces) {
        if (!f.axis || !f.boundary || f.spanRad === undefined) continue;
        const own: Vec3[] = [];
        for (let k = 0; k < f.boundary.length; k += 3) own.push([f.boundary[k], f.boundary[k + 1], f.boundary[k + 2]]);
        expect(Object.is(angularSpanRad(own, f.origin, f.axis), angularSpanBefore(own, f.origin, f.axis))).toBe(true);
        expect(Object.is(f.spanRad, angularSpanBefore(own, f.origin, f.axis))).toBe(true);
        faces++;
      }
    }
    expect(faces).toBeGreaterThan(20);
  });

  it("farthestAbovePlane equals the maximum over the part's boundary points, for every planar face's plane", () => {
    let planes = 0;
    for (const [, part] of all) {
      const g = buildFeatureGraphFromPart(part);
      const p = g.points;
      for (const f of g.faces) {
        if (f.kind !== 'plane' || !f.normal) continue;
        const n = f.normal;
        const h0 = n[0] * f.origin[0] + n[1] * f.origin[1] + n[2] * f.origin[2];
        let beyond = 0;
        for (let k = 0; k < p.length; k += 3) beyond = Math.max(beyond, p[k] * n[0] + p[k + 1] * n[1] + p[k + 2] * n[2] - h0);
        expect(Object.is(farthestAbovePlane(p, n, h0), beyond)).toBe(true);
        planes++;
      }
    }
    expect(planes).toBeGreaterThan(50);
  });

  it("the stock rules' face boundary reader gives partBoundaryPoints' points for every face, and their extents", () => {
    let faces = 0;
    for (const [, part] of all) {
      const reader = faceBoundaryReader(part);
      const dir: Vec3 = [0.6, -0.48, 0.64];
      for (const f of part.faces) {
        const fresh = partBoundaryPoints(part, [f.index]);
        expect(Array.from(reader.pointsOf(f.index))).toEqual(Array.from(fresh));
        expect(reader.extent(f.index, dir)).toEqual(projectedRange(fresh, dir));
        faces++;
      }
    }
    expect(faces).toBeGreaterThan(100);
  });

  it("the feature graph reads the Part's face measures, and the loop polygon's where the Part has none", () => {
    for (const [name, part] of all) {
      // Built from STEP without the measure stage: no face measured, planar faces take their loop polygon's.
      const g = buildFeatureGraphFromPart(part);
      let planar = 0;
      g.faces.forEach((f, i) => {
        if (f.kind !== 'plane' || part.faces[i].area > 0) return;
        planar++;
        expect(f.area, `${name} face ${i}`).toBeGreaterThan(0);
        const { min, max } = part.faces[i].bbox;
        const slack = 1e-6 * (1 + Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]));
        for (let k = 0; k < 3; k++) expect(f.centroid[k] >= min[k] - slack && f.centroid[k] <= max[k] + slack, `${name} face ${i} centroid`).toBe(true);
      });
      expect(planar, name).toBeGreaterThan(0);
      // Measured faces: the Part's own measures, as they are.
      const measured: Part = { ...part, faces: part.faces.map((f, i) => ({ ...f, area: 1 + i, centroid: [i, 0, 0] as Vec3 })) };
      buildFeatureGraphFromPart(measured).faces.forEach((f, i) => {
        expect(f.area).toBe(measured.faces[i].area);
        expect(f.centroid).toBe(measured.faces[i].centroid);
      });
    }
  });

  it('boxUnderPlane is true only when every point passes the per-point test, and true for the planes of the box itself', () => {
    const rnd = createSeededRandom(91);
    let shortcut = 0;
    for (const [, part] of all) {
      const g = buildFeatureGraphFromPart(part);
      const p = g.points;
      const box = [g.bbox.min[0], g.bbox.max[0], g.bbox.min[1], g.bbox.max[1], g.bbox.min[2], g.bbox.max[2]];
      const tol = 1e-4 * g.diagonalMm;
      const planes: [Vec3, number][] = [];
      for (let k = 0; k < 3; k++)
        for (const s of [1, -1]) {
          const n: Vec3 = [0, 0, 0];
          n[k] = s;
          planes.push([n, s > 0 ? g.bbox.max[k] : -g.bbox.min[k]]);
        }
      for (const f of g.faces) if (f.kind === 'plane' && f.normal) planes.push([f.normal, f.normal[0] * f.origin[0] + f.normal[1] * f.origin[1] + f.normal[2] * f.origin[2]]);
      for (let i = 0; i < 200; i++) {
        const n: Vec3 = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
        const l = Math.hypot(...n);
        const u: Vec3 = [n[0] / l, n[1] / l, n[2] / l];
        const [lo, hi] = projectedRange(p, u);
        // just above the farthest point, at it, and just below it (within and beyond tol)
        for (const d of [hi, hi - tol * 0.999, hi - tol * 1.001, hi + tol, (lo + hi) / 2]) planes.push([u, d]);
      }
      for (const [n, d] of planes) {
        let all = true;
        for (let k = 0; k < p.length; k += 3) if (p[k] * n[0] + p[k + 1] * n[1] + p[k + 2] * n[2] - d > tol) all = false;
        const quick = boxUnderPlane(box, n[0], n[1], n[2], d, tol);
        if (quick) {
          shortcut++;
          expect(all).toBe(true);
        }
      }
      for (const [n, d] of planes.slice(0, 6)) expect(boxUnderPlane(box, n[0], n[1], n[2], d, tol)).toBe(true);
    }
    expect(shortcut).toBeGreaterThan(30);
  });

  it("rotatedBox equals turning each envelope point into a scratch array and growing the box from it (unturned and turned)", () => {
    const c = Math.cos(0.3), sn = Math.sin(0.3);
    const turn = [c, -sn, 0, sn, c, 0, 0, 0, 1];
    for (const [, part] of all)
      for (const r of [null, turn]) {
        const pts = envelopePoints(part, r);
        const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
        const q = new Float64Array(3);
        for (let i = 0; i < pts.length; i += 3) {
          const [x, y, z] = [pts[i], pts[i + 1], pts[i + 2]];
          if (r) {
            q[0] = r[0] * x + r[1] * y + r[2] * z;
            q[1] = r[3] * x + r[4] * y + r[5] * z;
            q[2] = r[6] * x + r[7] * y + r[8] * z;
          } else q.set([x, y, z]);
          for (let d = 0; d < 3; d++) {
            if (q[d] < min[d]) min[d] = q[d];
            if (q[d] > max[d]) max[d] = q[d];
          }
        }
        const box = rotatedBox(pts, r);
        expect(box.min.every((v, d) => Object.is(v, min[d])) && box.max.every((v, d) => Object.is(v, max[d]))).toBe(true);
      }
  });
});
