import { describe, it, expect } from 'vitest';
import { healMesh, measureMesh } from '../../src/stages/heal/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { boxWithHole, damage, signedVolume, subdividedCube, toPartMesh, uvSphere } from './mesh-generators.js';
import type { DamageOptions, SimpleMesh } from './mesh-generators.js';
import { bruteForceIntersections } from './mesh-generators.js';

const TOL = 0.0001;

function expectOracle(clean: SimpleMesh, damaged: SimpleMesh) {
  const { mesh, report } = healMesh(toPartMesh(damaged));
  const f = measureMesh(mesh.positions, mesh.indices);
  expect(f.boundaryEdges, 'open edges').toBe(0);
  expect(f.nonManifoldEdges, 'non-manifold edges').toBe(0);
  expect(f.watertight).toBe(true);
  expect(f.inconsistentEdges, 'inconsistent edges').toBe(0);
  expect(f.consistentlyOriented).toBe(true);
  expect(f.selfIntersectingPairs).toBe(0);
  const v0 = signedVolume(clean);
  const v1 = signedVolume({ positions: mesh.positions, indices: mesh.indices });
  expect(v1).toBeGreaterThan(0);
  expect(Math.abs(v1 - v0) / v0).toBeLessThan(0.005);
  expect(report.after).toEqual(f);
  return report;
}

const shapes: Array<[string, () => SimpleMesh]> = [
  ['subdivided cube 8×8', () => subdividedCube(8)],
  ['UV sphere 24×48', () => uvSphere(24, 48)],
  ['box with through hole', () => boxWithHole()],
];

describe('clean generated meshes are valid (fixture sanity)', () => {
  for (const [name, make] of shapes) {
    it(name, () => {
      const m = make();
      const f = measureMesh(m.positions, m.indices);
      expect(f.watertight).toBe(true);
      expect(f.consistentlyOriented).toBe(true);
      expect(f.selfIntersectingPairs).toBe(0);
      expect(f.signedVolumeMm3).toBeGreaterThan(0);
      const { report } = healMesh(toPartMesh(m));
      expect(report.totalFixes).toBe(0);
    });
  }
  it('box with hole has the analytic volume', () => {
    const m = boxWithHole(40, 10, 6, 32);
    const expected = 40 * 40 * 10 - 16 * 36 * Math.sin((2 * Math.PI) / 32) * 10;
    expect(signedVolume(m)).toBeCloseTo(expected, 6);
  });
});

const damages: Array<[string, Omit<DamageOptions, 'seed'>]> = [
  ['jitter below weld tolerance', { jitterMm: TOL / 4 }],
  ['dropped triangles', { drop: 6 }],
  ['flipped triangles', { flip: 10 }],
  ['duplicated triangles', { duplicate: 8 }],
  ['intersecting slivers', { slivers: 3 }],
  ['slivers sharing a mesh vertex', { sliversSharingVertex: 2 }],
  ['everything at once', { jitterMm: TOL / 4, drop: 4, flip: 6, duplicate: 5, slivers: 2, sliversSharingVertex: 1 }],
];

describe('healing oracle: watertight, consistent, outward, no self-intersections, volume within 0.5%', () => {
  for (const [shapeName, make] of shapes)
    for (const [damageName, d] of damages)
      for (const seed of [1, 7, 42]) {
        it(`${shapeName}, ${damageName}, seed ${seed}`, () => {
          const clean = make();
          const damaged = damage(clean, { seed, ...d });
          const report = expectOracle(clean, damaged);
          const fx = (k: string) => report.fixes.find((f) => f.kind === k)!;
          if (d.jitterMm) expect(fx('weld_vertices').count).toBeGreaterThan(0);
          if (d.duplicate) expect(fx('remove_duplicate_triangles').count).toBeGreaterThan(0);
          if (d.drop) expect(fx('fill_holes').count).toBeGreaterThan(0);
          if (d.slivers || d.sliversSharingVertex) expect(fx('remove_intersecting_components').count).toBe((d.slivers ?? 0) + (d.sliversSharingVertex ?? 0));
          if (d.patchRadiusMm) expect(fx('fill_holes').count).toBeGreaterThan(0);
          if (d.flip) expect(fx('orient_consistent').count + fx('orient_outward').count).toBeGreaterThan(0);
          expect(report.totalFixes).toBeGreaterThan(0);
        });
      }
});

describe('healing oracle: larger holes on a curved surface', () => {
  // A patch cut across a sharp corner cannot be restored by a fill in the hole's best-fit plane (the
  // corner's volume is gone), so larger holes are tested on the smooth sphere.
  for (const seed of [1, 7, 42])
    it(`UV sphere 24×48, patch of radius 2 mm removed, seed ${seed}`, () => {
      const clean = uvSphere(24, 48);
      const report = expectOracle(clean, damage(clean, { seed, patchRadiusMm: 2, jitterMm: TOL / 4 }));
      const fill = report.fixes.find((f) => f.kind === 'fill_holes')!;
      expect(fill.count).toBe(1);
      expect(Number(fill.detail!.split(' ')[0])).toBeGreaterThan(10);
    });
});

describe('healing specifics', () => {
  it('whole mesh flipped inside-out is turned outward (seed 0)', () => {
    const clean = uvSphere(8, 16);
    const inv = { positions: clean.positions, indices: clean.indices.slice() };
    for (let t = 0; t < inv.indices.length / 3; t++) [inv.indices[t * 3 + 1], inv.indices[t * 3 + 2]] = [inv.indices[t * 3 + 2], inv.indices[t * 3 + 1]];
    const { report } = healMesh(toPartMesh(inv));
    expect(report.fixes.find((f) => f.kind === 'orient_outward')!.count).toBe(1);
    expect(report.after.signedVolumeMm3).toBeCloseTo(signedVolume(clean), 9);
  });

  it('a needle (cap) triangle at a T-junction is removed and its neighbour split, staying watertight', () => {
    const clean = subdividedCube(2);
    const p = Array.from(clean.positions);
    const idx = Array.from(clean.indices);
    // split triangle 0 (a,b,c) at the midpoint m of a–b, and close the crack with the cap (a, m, b)
    const [a, b, c] = idx.slice(0, 3);
    const m = p.length / 3;
    p.push((p[a * 3] + p[b * 3]) / 2, (p[a * 3 + 1] + p[b * 3 + 1]) / 2, (p[a * 3 + 2] + p[b * 3 + 2]) / 2);
    idx.splice(0, 3, a, m, c, m, b, c, a, b, m);
    const dmg = { positions: new Float64Array(p), indices: new Uint32Array(idx) };
    expect(measureMesh(dmg.positions, dmg.indices).watertight).toBe(true);
    const { mesh, report } = healMesh(toPartMesh(dmg));
    expect(report.fixes.find((f) => f.kind === 'remove_degenerate_triangles')!.count).toBe(1);
    expect(report.fixes.find((f) => f.kind === 'split_needle_neighbours')!.count).toBe(1);
    const f = measureMesh(mesh.positions, mesh.indices);
    expect(f.watertight).toBe(true);
    expect(f.degenerateTriangles).toBe(0);
    expect(f.signedVolumeMm3).toBeCloseTo(1000, 6);
  });

  it('two cubes sharing one edge: non-manifold edge split into two manifold ones', () => {
    const a = subdividedCube(1, 1);
    const b = subdividedCube(1, 1);
    // b shifted by (1,1,0) shares the edge x=1,y=1 with a
    const pos = new Float64Array(a.positions.length + b.positions.length);
    pos.set(a.positions);
    for (let i = 0; i < b.positions.length; i += 3) {
      pos[a.positions.length + i] = b.positions[i] + 1;
      pos[a.positions.length + i + 1] = b.positions[i + 1] + 1;
      pos[a.positions.length + i + 2] = b.positions[i + 2];
    }
    const off = a.positions.length / 3;
    const indices = new Uint32Array([...a.indices, ...Array.from(b.indices, (v) => v + off)]);
    const before = measureMesh(pos, indices);
    expect(before.nonManifoldEdges).toBe(0); // not yet welded: two separate cubes
    const { mesh, report } = healMesh(toPartMesh({ positions: pos, indices }));
    expect(report.fixes.find((f) => f.kind === 'weld_vertices')!.count).toBe(2);
    expect(report.fixes.find((f) => f.kind === 'split_non_manifold_vertices')!.count).toBe(2);
    const f = measureMesh(mesh.positions, mesh.indices);
    expect(f.nonManifoldEdges).toBe(0);
    expect(f.watertight).toBe(true);
    expect(f.signedVolumeMm3).toBeCloseTo(2, 9);
  });

  it('healing can be disabled and then changes nothing, but still reports findings', () => {
    const d = damage(subdividedCube(4), { seed: 3, drop: 2 });
    const input = toPartMesh(d);
    const { mesh, report } = healMesh(input, { enabled: false });
    expect(mesh).toBe(input);
    expect(report.enabled).toBe(false);
    expect(report.before.boundaryEdges).toBeGreaterThan(0);
  });

  it('does not modify its input (seed 5)', () => {
    const d = damage(uvSphere(8, 16), { seed: 5, jitterMm: TOL / 4, flip: 3 });
    const copy = { p: d.positions.slice(), i: d.indices.slice() };
    healMesh(toPartMesh(d));
    expect(d.positions).toEqual(copy.p);
    expect(d.indices).toEqual(copy.i);
  });

  it('weld tolerance is configurable: jitter above a tiny tolerance is not welded (seed 9)', () => {
    const d = damage(subdividedCube(2), { seed: 9, jitterMm: 1e-3 });
    const { report } = healMesh(toPartMesh(d), { weldToleranceMm: 1e-7 });
    expect(report.fixes.find((f) => f.kind === 'weld_vertices')!.count).toBe(0);
    const { report: r2 } = healMesh(toPartMesh(d), { weldToleranceMm: 0.01 });
    expect(r2.after.watertight).toBe(true);
  });

  it('holes larger than maxHoleEdges are reported, not filled', () => {
    const m = uvSphere(8, 16);
    // remove the whole north cap fan: a 16-edge hole
    const d = { positions: m.positions, indices: m.indices.slice(16 * 3) };
    const { report } = healMesh(toPartMesh(d), { maxHoleEdges: 8 });
    const u = report.fixes.find((f) => f.kind === 'report_unfilled_holes')!;
    expect(u.count).toBe(1);
    expect(u.reportOnly).toBe(true);
    expect(report.after.boundaryEdges).toBe(16);
  });

  it('locations are capped and flagged', () => {
    const d = damage(subdividedCube(8), { seed: 11, jitterMm: TOL / 4 });
    const { report } = healMesh(toPartMesh(d), { maxLocations: 10 });
    const weld = report.fixes.find((f) => f.kind === 'weld_vertices')!;
    expect(weld.where.length).toBe(10);
    expect(weld.whereTruncated).toBe(true);
    expect(weld.count).toBeGreaterThan(10);
  });

  it('invalid input never crashes: NaN corners and out-of-range indices are dropped and counted, holes re-filled', () => {
    const clean = subdividedCube(2);
    const pos = clean.positions.slice();
    const indices = clean.indices.slice();
    pos[indices[0] * 3] = NaN; // one corner NaN: its triangles go
    indices[5] = 999_999; // one index out of range
    const { mesh, report } = healMesh(toPartMesh({ positions: pos, indices }));
    const inv = report.fixes.find((f) => f.kind === 'remove_invalid_triangles')!;
    expect(inv.count).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < mesh.positions.length; i++) expect(Number.isFinite(mesh.positions[i])).toBe(true);
    for (const v of mesh.indices) expect(v).toBeLessThan(mesh.positions.length / 3);
    expect(report.after.watertight).toBe(true);
  });

  it('empty and single-triangle meshes heal to themselves without throwing', () => {
    const empty = healMesh(toPartMesh({ positions: new Float64Array(0), indices: new Uint32Array(0) }));
    expect(empty.report.after.triangles).toBe(0);
    expect(empty.report.after.watertight).toBe(false);
    const one = healMesh(toPartMesh({ positions: new Float64Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: new Uint32Array([0, 1, 2]) }));
    expect(one.report.after.triangles).toBe(1);
    expect(one.report.fixes.find((f) => f.kind === 'report_unfilled_holes')!.count).toBe(1);
  });

  it('aborts with ABORTED when the signal is aborted', () => {
    const ac = new AbortController();
    ac.abort();
    try {
      healMesh(toPartMesh(subdividedCube(2)), { signal: ac.signal });
      expect.unreachable();
    } catch (e) {
      expect(isCadlensError(e) && e.code).toBe('ABORTED');
    }
  });
});

function sortPairs(p: ArrayLike<number>): number[] {
  const list: Array<[number, number]> = [];
  for (let i = 0; i < p.length; i += 2) list.push([p[i], p[i + 1]]);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return list.flat();
}

// Healing uses the shared BVH detector (src/geometry/bvh-self-intersection.ts); this checks it on the
// meshes healing sees against an independent brute-force predicate (an edge of one triangle pierces the other).
describe('self-intersection detector vs brute force O(n²) (oracle)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`random triangle soup, seed ${seed}`, async () => {
      const { findSelfIntersections } = await import('../../src/geometry/bvh-self-intersection.js');
      const { rng } = await import('./mesh-generators.js');
      const r = rng(seed);
      const n = 150;
      const pos = new Float64Array(n * 9);
      for (let t = 0; t < n; t++) {
        const c = [r() * 10, r() * 10, r() * 10];
        for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) pos[t * 9 + k * 3 + j] = c[j] + (r() - 0.5) * 3;
      }
      const idx = new Uint32Array(n * 3).map((_, i) => i);
      const m = { positions: pos, indices: idx };
      const fast = sortPairs(findSelfIntersections(pos, idx, { maxPairs: 1e9 }).pairs);
      const slow = bruteForceIntersections(m).flat();
      expect(slow.length).toBeGreaterThan(0);
      expect(fast).toEqual(slow);
    });
  }
  for (const seed of [1, 2, 3]) {
    it(`damaged sphere with slivers, seed ${seed}`, async () => {
      const { findSelfIntersections } = await import('../../src/geometry/bvh-self-intersection.js');
      const m = damage(uvSphere(8, 16), { seed, slivers: 4 });
      const fast = sortPairs(findSelfIntersections(m.positions, m.indices, { maxPairs: 1e9 }).pairs);
      const slow = bruteForceIntersections(m).flat();
      expect(slow.length).toBeGreaterThan(0);
      expect(fast).toEqual(slow);
    });
  }
  it('clean box with hole: none either way', async () => {
    const { findSelfIntersections } = await import('../../src/geometry/bvh-self-intersection.js');
    const m = boxWithHole();
    expect(findSelfIntersections(m.positions, m.indices).count).toBe(0);
    expect(bruteForceIntersections(m)).toEqual([]);
  });
});
