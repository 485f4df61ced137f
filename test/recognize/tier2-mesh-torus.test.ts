import { describe, expect, it } from 'vitest';
import { fitTorus } from '../../src/stages/recognize/tier2-mesh/fit-torus.js';
import { distanceToFit, type RegionSamples } from '../../src/stages/recognize/tier2-mesh/fit-surfaces.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import type { PartMesh, Vec3 } from '../../src/model/index.js';

type Frame = { o: Vec3; x: Vec3; y: Vec3; z: Vec3 };
// a tilted frame so no result depends on world axes
const c = Math.cos(0.7), s = Math.sin(0.7);
const FRAME: Frame = { o: [3, -5, 12], x: [c, s, 0], y: [-s * 0.6, c * 0.6, 0.8], z: [s * 0.8, -c * 0.8, 0.6] };
const place = (f: Frame, p: Vec3): Vec3 => [0, 1, 2].map((k) => f.o[k] + p[0] * f.x[k] + p[1] * f.y[k] + p[2] * f.z[k]) as Vec3;

/** A torus patch (tube angle v, spine angle u) as a grid mesh, wound so normals point away from the tube's centre line. */
function torusMesh(R: number, r: number, uSpan: number, vSpan: number, nu: number, nv: number, full: boolean): PartMesh {
  const positions: number[] = [];
  const iu = full ? nu : nu + 1, iv = full ? nv : nv + 1;
  for (let i = 0; i < iu; i++)
    for (let j = 0; j < iv; j++) {
      const u = (i / nu) * uSpan, v = (j / nv) * vSpan;
      positions.push(...place(FRAME, [(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)]));
    }
  const id = (i: number, j: number) => (i % iu) * iv + (j % iv);
  const indices: number[] = [];
  for (let i = 0; i < nu; i++)
    for (let j = 0; j < nv; j++) indices.push(id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j), id(i + 1, j + 1), id(i, j + 1));
  return { positions: new Float32Array(positions), normals: new Float32Array(0), indices: new Uint32Array(indices), triangleFace: new Int32Array(indices.length / 3).fill(-1) } as unknown as PartMesh;
}

function samples(mesh: PartMesh, flip = false): { s: RegionSamples; centroids: number[] } {
  const s: RegionSamples = { points: [], normals: [], areas: [] };
  const centroids: number[] = [];
  const p = mesh.positions, ix = mesh.indices;
  for (let t = 0; t < ix.length / 3; t++) {
    const v = [0, 1, 2].map((k) => [p[3 * ix[3 * t + k]], p[3 * ix[3 * t + k] + 1], p[3 * ix[3 * t + k] + 2]] as Vec3);
    const u = [0, 1, 2].map((k) => v[1][k] - v[0][k]), w = [0, 1, 2].map((k) => v[2][k] - v[0][k]);
    const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const l = Math.hypot(n[0], n[1], n[2]);
    for (const q of v) s.points.push(...q);
    s.normals.push(...n.map((x) => ((flip ? -1 : 1) * x) / l));
    s.areas.push(l / 2);
    centroids.push(...[0, 1, 2].map((k) => (v[0][k] + v[1][k] + v[2][k]) / 3));
  }
  return { s, centroids };
}

describe('Tier 2 mesh: torus fit (Plücker axis + profile circle)', () => {
  it('recovers axis, centre and both radii of a fillet-like quarter patch in a tilted frame', () => {
    const { s, centroids } = samples(torusMesh(10, 2, Math.PI / 2, Math.PI / 2, 24, 12, false));
    const fit = fitTorus(s, centroids)!;
    expect(fit.kind).toBe('torus');
    expect(fit.majorRadius!).toBeCloseTo(10, 1);
    expect(fit.radius!).toBeCloseTo(2, 1);
    expect(Math.abs(fit.axis![0] * FRAME.z[0] + fit.axis![1] * FRAME.z[1] + fit.axis![2] * FRAME.z[2])).toBeCloseTo(1, 3);
    for (let k = 0; k < 3; k++) expect(fit.origin[k]).toBeCloseTo(FRAME.o[k], 1);
    expect(fit.inward).toBe(false);
    expect(fit.maxErrorMm).toBeLessThan(0.02);
    // every vertex lies on the fitted surface
    for (let i = 0; i < s.points.length; i += 3) expect(distanceToFit(fit, [s.points[i], s.points[i + 1], s.points[i + 2]])).toBeLessThan(0.02);
  });

  it('reports a concave blend (normals towards the tube centre line) as inward', () => {
    const { s, centroids } = samples(torusMesh(10, 2, Math.PI / 2, Math.PI / 2, 24, 12, false), true);
    expect(fitTorus(s, centroids)!.inward).toBe(true);
  });

  it('declines a flat region (no tube)', () => {
    const s: RegionSamples = { points: [], normals: [], areas: [] };
    const centroids: number[] = [];
    for (let i = 0; i < 10; i++) {
      s.points.push(i, 0, 0, i + 1, 0, 0, i, 1, 0);
      s.normals.push(0, 0, 1);
      s.areas.push(0.5);
      centroids.push(i + 1 / 3, 1 / 3, 0);
    }
    const fit = fitTorus(s, centroids);
    expect(fit === null || fit.maxErrorMm > 1e-3 || !(fit.radius! < fit.majorRadius!)).toBe(true);
  });
});

describe('Tier 2 mesh segmentation: doubly curved faces', () => {
  it('segments a fillet-like torus patch (a quarter of spine and tube) into one torus face with its radii', () => {
    const mesh = torusMesh(10, 2, Math.PI / 2, Math.PI / 2, 24, 12, false);
    const graph = segmentMesh(mesh);
    expect(graph.faces).toHaveLength(1);
    const f = graph.faces[0];
    expect(f.kind).toBe('torus');
    expect(f.triangles).toHaveLength(mesh.indices.length / 3);
    expect(f.majorRadius!).toBeCloseTo(10, 0);
    expect(f.radius!).toBeCloseTo(2, 1);
    expect(f.inward).toBe(false);
  });
});
