import { describe, it, expect } from 'vitest';
import { onSameSurface } from '../../src/stages/recognize/tier2-heuristics/merge-fragments.js';
import type { GraphFace } from '../../src/stages/recognize/tier2-heuristics/index.js';
import type { Vec3 } from '../../src/model/index.js';

const box = { min: [0, 0, 0] as Vec3, max: [1, 1, 1] as Vec3 };
const face = (over: Partial<GraphFace>): GraphFace => ({
  index: 0, stepId: null, kind: 'plane', normal: null, origin: [0, 0, 0], axis: null, radius: null, majorRadius: null,
  semiAngleRad: null, inward: false, area: 1, centroid: [0, 0, 0], bbox: box, ...over,
});
const plane = (normal: Vec3, origin: Vec3) => face({ kind: 'plane', normal, origin });
const cylinder = (axis: Vec3, origin: Vec3, radius: number, inward = true) => face({ kind: 'cylinder', axis, origin, radius, inward, spanRad: Math.PI / 2 });
const TOL = 1e-4;

describe('Tier 2 fragments: which faces of two depressions lie on one surface (merge-fragments.ts)', () => {
  it('planes: the same plane with the same outward normal, wherever the point on it lies; not a parallel plane 0.1 mm away, not the opposite side', () => {
    expect(onSameSurface(plane([1, 0, 0], [5, 0, 0]), plane([1, 0, 0], [5, 30, -12]), TOL)).toBe(true);
    expect(onSameSurface(plane([1, 0, 0], [5, 0, 0]), plane([1, 0, 0], [5.1, 0, 0]), TOL)).toBe(false);
    expect(onSameSurface(plane([1, 0, 0], [5, 0, 0]), plane([-1, 0, 0], [5, 0, 0]), TOL)).toBe(false);
    expect(onSameSurface(plane([1, 0, 0], [5, 0, 0]), plane([0, 1, 0], [5, 0, 0]), TOL)).toBe(false);
  });

  it('cylinders: pieces of one cylinder (same axis line and radius, same side) match; another radius, a parallel axis or a boss against a hole do not; a plane never matches a cylinder', () => {
    const a = cylinder([0, 0, 1], [10, 10, 0], 3);
    expect(onSameSurface(a, cylinder([0, 0, -1], [10, 10, 25], 3), TOL)).toBe(true);
    expect(onSameSurface(a, cylinder([0, 0, 1], [10, 10, 0], 3.5), TOL)).toBe(false);
    expect(onSameSurface(a, cylinder([0, 0, 1], [10, 12, 0], 3), TOL)).toBe(false);
    expect(onSameSurface(a, cylinder([0, 0, 1], [10, 10, 0], 3, false), TOL)).toBe(false);
    expect(onSameSurface(a, plane([0, 0, 1], [10, 10, 0]), TOL)).toBe(false);
  });
});
