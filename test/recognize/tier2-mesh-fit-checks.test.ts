import { describe, expect, it } from 'vitest';
import { fitAxisSurface, fitSphere, fittedNormalAt, normalsAgree, type RegionSamples } from '../../src/stages/recognize/tier2-mesh/fit-surfaces.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import type { PartMesh, Vec3 } from '../../src/model/index.js';

// a tilted frame so no result depends on world axes
const c = Math.cos(0.7), s = Math.sin(0.7);
const FRAME = { o: [3, -5, 12] as Vec3, x: [c, s, 0] as Vec3, y: [-s * 0.6, c * 0.6, 0.8] as Vec3, z: [s * 0.8, -c * 0.8, 0.6] as Vec3 };
const place = (p: Vec3): Vec3 => [0, 1, 2].map((k) => FRAME.o[k] + p[0] * FRAME.x[k] + p[1] * FRAME.y[k] + p[2] * FRAME.z[k]) as Vec3;
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * A grid surface (u around the axis, v along the profile) as a mesh, wound so facet normals point away
 * from the axis (or towards it with `flip`). `profile(v)` gives (radius, height).
 */
function revolvedMesh(profile: (v: number) => [number, number], uSpan: number, nu: number, nv: number, flip = false): PartMesh {
  const positions: number[] = [];
  for (let i = 0; i <= nu; i++)
    for (let j = 0; j <= nv; j++) {
      const u = (i / nu) * uSpan;
      const [r, h] = profile(j / nv);
      positions.push(...place([r * Math.cos(u), r * Math.sin(u), h]));
    }
  const id = (i: number, j: number) => i * (nv + 1) + j;
  const indices: number[] = [];
  for (let i = 0; i < nu; i++)
    for (let j = 0; j < nv; j++) {
      const q = [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j), id(i + 1, j + 1), id(i, j + 1)];
      if (flip) for (let k = 0; k < 6; k += 3) [q[k + 1], q[k + 2]] = [q[k + 2], q[k + 1]];
      indices.push(...q);
    }
  return { positions: new Float32Array(positions), normals: new Float32Array(0), indices: new Uint32Array(indices), triangleFace: new Int32Array(indices.length / 3).fill(-1) } as unknown as PartMesh;
}

function samples(mesh: PartMesh): { s: RegionSamples; centroids: number[] } {
  const smp: RegionSamples = { points: [], normals: [], areas: [] };
  const centroids: number[] = [];
  const p = mesh.positions, ix = mesh.indices;
  for (let t = 0; t < ix.length / 3; t++) {
    const v = [0, 1, 2].map((k) => [p[3 * ix[3 * t + k]], p[3 * ix[3 * t + k] + 1], p[3 * ix[3 * t + k] + 2]] as Vec3);
    const u = [0, 1, 2].map((k) => v[1][k] - v[0][k]), w = [0, 1, 2].map((k) => v[2][k] - v[0][k]);
    const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const l = Math.hypot(n[0], n[1], n[2]);
    if (l === 0) continue;
    for (const q of v) smp.points.push(...q);
    smp.normals.push(...n.map((x) => x / l));
    smp.areas.push(l / 2);
    centroids.push(...[0, 1, 2].map((k) => (v[0][k] + v[1][k] + v[2][k]) / 3));
  }
  return { s: smp, centroids };
}

describe('Tier 2 mesh fits: cones', () => {
  // a 45° countersink band from radius 10 to 13, covering a sixth of a turn (a partial arc, where the
  // cone's axis is no eigenvector of Σ n·nᵀ)
  const band = (v: number): [number, number] => [10 + 3 * v, 3 * v];

  it('recovers the axis and half-angle of a partial cone from the normals’ covariance', () => {
    const { s: smp, centroids } = samples(revolvedMesh(band, Math.PI / 3, 24, 3));
    const fit = fitAxisSurface(smp, centroids)!;
    expect(fit.kind).toBe('cone');
    expect(Math.abs(dot(fit.axis!, FRAME.z))).toBeCloseTo(1, 4);
    expect(fit.semiAngleRad!).toBeCloseTo(Math.PI / 4, 3);
    expect(fit.maxErrorMm).toBeLessThan(1e-3);
    expect(fit.inward).toBe(false);
  });

  it('calls a countersink (normals towards the axis) inward and keeps its fitted normals on the facets’ side', () => {
    const mesh = revolvedMesh(band, 2 * Math.PI, 48, 2, true);
    const { s: smp, centroids } = samples(mesh);
    const fit = fitAxisSurface(smp, centroids)!;
    expect(fit.kind).toBe('cone');
    expect(fit.inward).toBe(true);
    // the fitted normal at each facet's centroid agrees with the facet's (an axial part flipped with the
    // radial one would point 90° away on a 45° cone)
    for (let t = 0; t < smp.areas.length; t++) {
      const n: Vec3 = [smp.normals[3 * t], smp.normals[3 * t + 1], smp.normals[3 * t + 2]];
      const fn = fittedNormalAt(fit, [centroids[3 * t], centroids[3 * t + 1], centroids[3 * t + 2]], n);
      expect(dot(fn, n)).toBeGreaterThan(0.99);
    }
  });
});

describe('Tier 2 mesh fits: the facets must agree with a fit, not only the points', () => {
  it('rejects a sphere through a thin tube’s rings (points within the tolerance, facet normals facing the spine)', () => {
    // a quarter of a torus tube (R 16, r 0.1) in six rings over a sixth of the spine: at a 0.03 mm tolerance
    // (a 1e-4 share of a 300 mm part) a sphere holds every vertex
    const tube = (v: number): [number, number] => [16 + 0.1 * Math.cos((v * Math.PI) / 2), 0.1 * Math.sin((v * Math.PI) / 2)];
    const { s: smp, centroids } = samples(revolvedMesh(tube, Math.PI / 3, 40, 5));
    const sphere = fitSphere(smp, centroids)!;
    expect(sphere.maxErrorMm).toBeLessThan(0.03);
    expect(normalsAgree(sphere, smp, 0.03, 0.15)).toBe(false);
  });

  it('rejects a large sphere through a long, thin fillet (its facets’ edges would cut through it)', () => {
    // a quarter cylinder of radius 0.3 and length 30 in long strips: a sphere through the corners only
    const mesh = (() => {
      const positions: number[] = [];
      const n = 8;
      for (let i = 0; i <= n; i++) {
        const a = ((i / n) * Math.PI) / 2;
        positions.push(...place([0.3 * Math.cos(a), 0.3 * Math.sin(a), -15]), ...place([0.3 * Math.cos(a), 0.3 * Math.sin(a), 15]));
      }
      const indices: number[] = [];
      for (let i = 0; i < n; i++) indices.push(2 * i, 2 * i + 2, 2 * i + 3, 2 * i, 2 * i + 3, 2 * i + 1);
      return { positions: new Float32Array(positions), normals: new Float32Array(0), indices: new Uint32Array(indices), triangleFace: new Int32Array(indices.length / 3).fill(-1) } as unknown as PartMesh;
    })();
    const { s: smp, centroids } = samples(mesh);
    const cylinder = fitAxisSurface(smp, centroids)!;
    expect(cylinder.kind).toBe('cylinder');
    expect(normalsAgree(cylinder, smp, 1e-3, 0.15)).toBe(true);
    const sphere = { ...cylinder, kind: 'sphere' as const, axis: null, origin: place([0, 0, 0]), radius: Math.hypot(15, 0.3) };
    // every corner lies on this sphere; the long edges' midpoints are 15 mm inside it
    expect(normalsAgree(sphere, smp, 1e-3, 0.15)).toBe(false);
  });

  it('segments a countersink cone band in one face, inward', () => {
    const graph = segmentMesh(revolvedMesh((v) => [10 + 3 * v, 3 * v], 2 * Math.PI, 48, 2, true));
    expect(graph.faces).toHaveLength(1);
    expect(graph.faces[0].kind).toBe('cone');
    expect(graph.faces[0].inward).toBe(true);
  });
});
