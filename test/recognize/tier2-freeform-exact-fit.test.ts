import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { sampleFreeformFace } from '../../src/stages/recognize/tier2-heuristics/freeform-face-samples.js';
import { fitExactFreeformSurface, fitFreeformFace } from '../../src/stages/recognize/tier2-heuristics/freeform-face-fit.js';
import { fitPlaneOrAxisSurface } from '../../src/stages/recognize/tier2-mesh/fit-surfaces.js';
import type { PartFace } from '../../src/model/index.js';

// test/fixtures/freeform/make-fixtures.py: a Ø10 through hole along z at (15, 20) and a 20 × 16 × 8 pocket, cut with
// B-spline tools; the STEP reader's Part, never tessellated.
const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/freeform/bspline-hole-pocket.step', import.meta.url))))));
const bsplines = part.faces.filter((f) => f.surfaceType === 'bspline');

describe('Tier 2 fits free-form faces from their exact surface (no tessellation)', () => {
  it('the B-spline hole wall is an inward cylinder of radius 5 on the z axis through (15, 20)', () => {
    expect(part.mesh.indices.length).toBe(0);
    const fits = bsplines.map((f) => fitFreeformFace(part, f));
    const cylinders = fits.filter((f) => f?.kind === 'cylinder');
    expect(cylinders).toHaveLength(1);
    const c = cylinders[0]!;
    expect(c.radius).toBeCloseTo(5, 6);
    expect(c.inward).toBe(true);
    expect(Math.abs(c.axis![2])).toBeCloseTo(1, 9);
    // a point on the axis: (15, 20) in x and y
    expect(c.origin![0] + (c.axis![0] / c.axis![2]) * -c.origin![2]).toBeCloseTo(15, 6);
    expect(c.origin![1] + (c.axis![1] / c.axis![2]) * -c.origin![2]).toBeCloseTo(20, 6);
  });

  it('the five B-spline pocket faces are planes whose outward normals face into the pocket', () => {
    const planes = bsplines.map((f) => fitFreeformFace(part, f)).filter((f) => f?.kind === 'plane');
    expect(planes).toHaveLength(5);
    const normals = planes.map((p) => p!.normal!.map((x) => Math.round(x * 1e6) / 1e6 + 0).join(',')).sort();
    // floor up; walls towards the pocket's inside (x 32..52, y 12..28)
    expect(normals).toEqual(['-1,0,0', '0,-1,0', '0,0,1', '0,1,0', '1,0,0']);
  });

  it('a nearly flat B-spline bevel (normals within 5° of a plane) is a plane, not the wide cone it also fits', () => {
    // syn_s101_000072's 0.1 mm edge bevel (STEP #528): 3.1 mm long, 0.03 mm off its plane, on a cone of radius ≈ 71 mm
    const generated = buildPartFromStep(readStep(new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/synthetic/convention/syn_s101_000072.step', import.meta.url))))));
    const bevel = generated.faces.find((f) => f.stepId === 528)!;
    expect(bevel.surfaceType).toBe('bspline');
    const s = sampleFreeformFace(generated, bevel)!;
    const strict = fitPlaneOrAxisSurface(s.samples, s.centroids);
    expect(strict?.kind).toBe('cone');
    expect(strict!.radius!).toBeGreaterThan(50);
    const fit = fitExactFreeformSurface(s.samples, s.centroids)!;
    expect(fit.kind).toBe('plane');
    // outward (the side every sample's normal faces) and through the samples: none is 0.05 mm off it
    const n = fit.normal!;
    const { normals, points } = s.samples;
    for (let i = 0; i < normals.length; i += 3) {
      expect(n[0] * normals[i] + n[1] * normals[i + 1] + n[2] * normals[i + 2]).toBeGreaterThan(Math.cos((5 * Math.PI) / 180));
      const d = n[0] * (points[i] - fit.origin[0]) + n[1] * (points[i + 1] - fit.origin[1]) + n[2] * (points[i + 2] - fit.origin[2]);
      expect(Math.abs(d)).toBeLessThan(0.05);
    }
  });

  it('a face whose surface cadlens cannot evaluate gives no samples (Tier 2 then has only its triangles)', () => {
    const f = bsplines[0];
    const unknown: PartFace = { ...f, surface: { type: 'other', entityType: 'SURFACE_OF_SOMETHING' } as unknown as PartFace['surface'] };
    expect(sampleFreeformFace(part, unknown)).toBeNull();
    expect(sampleFreeformFace(part, { ...f, bounds: [] })).toBeNull();
  });
});

describe('each free-form face sampled and fitted once per Part (session 22: the canonical kinds and Tier 2 both ask)', () => {
  it('the same samples for the same face; the kept fits equal fresh fits of copied samples; a caller changing its fit changes no one else’s', () => {
    const fresh = buildPartFromStep(readStep(new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/freeform/bspline-hole-pocket.step', import.meta.url))))));
    for (const f of fresh.faces.filter((x) => x.surfaceType === 'bspline')) {
      const a = sampleFreeformFace(fresh, f)!;
      expect(sampleFreeformFace(fresh, f)).toBe(a);
      // A copy of the samples is not kept: it is fitted from scratch.
      const copy = { samples: { points: [...a.samples.points], normals: [...a.samples.normals], areas: [...a.samples.areas] }, centroids: [...a.centroids] };
      copy.centroids = copy.samples.points;
      const first = fitFreeformFace(fresh, f);
      const second = fitFreeformFace(fresh, f);
      expect(second).toEqual(first);
      expect(second).toEqual(fitExactFreeformSurface(copy.samples, copy.centroids));
      if (first?.normal) {
        first.normal[0] += 1;
        expect(fitFreeformFace(fresh, f)).toEqual(second);
      }
      if (first?.axis) {
        first.axis[0] += 1;
        expect(fitFreeformFace(fresh, f)).toEqual(second);
      }
    }
  });
});
