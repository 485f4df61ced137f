/**
 * Hole stacks on hand-built geometry (an in-memory FeatureGeometry: faces given by their surfaces and
 * boundary circles, as a B-Rep Part would give them), for the shapes the generated fixtures do not
 * have: a thread modelled only as its nominal-diameter cylinder, a counterdrill, a drill point, an
 * edge-break chamfer, a fillet that is not a hole.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/model/index.js';
import { describeHoleStack, findHoleStacks, isoMetricPitchMm, type FeatureGeometry, type MeasuredFace } from '../../src/features/parameters/index.js';

const Z: Vec3 = [0, 0, 1];
/** Points on a circle of radius r at height z, over `sweepDeg` degrees (16 per full turn). */
function circle(r: number, z: number, sweepDeg = 360): number[] {
  const out: number[] = [];
  const n = Math.max(2, Math.round((16 * sweepDeg) / 360));
  for (let k = 0; k < (sweepDeg >= 360 ? n : n + 1); k++) {
    const a = (((k * sweepDeg) / n) * Math.PI) / 180;
    out.push(r * Math.cos(a), r * Math.sin(a), z);
  }
  return out;
}
const box = (pts: number[]) => {
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < pts.length; i += 3) for (let k = 0; k < 3; k++) (min[k] = Math.min(min[k], pts[i + k])), (max[k] = Math.max(max[k], pts[i + k]));
  return { min, max };
};
type Spec = { face: MeasuredFace; points: number[] };
const cylinder = (r: number, z0: number, z1: number, sweepDeg = 360): Spec => {
  const points = [...circle(r, z0, sweepDeg), ...circle(r, z1, sweepDeg)];
  return { face: { kind: 'cylinder', normal: null, origin: [0, 0, 0], axis: Z, radius: r, semiAngleRad: null, inward: true, area: 1, bbox: box(points) }, points };
};
/** A cone from radius r0 at z0 to r1 at z1 (r1 = 0: a drill point). */
const cone = (r0: number, z0: number, r1: number, z1: number): Spec => {
  const points = r1 > 0 ? [...circle(r0, z0), ...circle(r1, z1)] : circle(r0, z0);
  const semi = Math.atan2(Math.abs(r0 - r1), Math.abs(z1 - z0));
  return { face: { kind: 'cone', normal: null, origin: [0, 0, z0], axis: Z, radius: r0, semiAngleRad: semi, inward: true, area: 1, bbox: box(points) }, points };
};
/** An annulus (or disk, rInner = 0) square to the axis at z, normal `up` or down. */
const ring = (rInner: number, rOuter: number, z: number, up: boolean): Spec => {
  const points = [...circle(rOuter, z), ...(rInner > 0 ? circle(rInner, z) : [])];
  return { face: { kind: 'plane', normal: up ? [0, 0, 1] : [0, 0, -1], origin: [0, 0, z], axis: null, radius: null, semiAngleRad: null, inward: false, area: 1, bbox: box(points) }, points };
};
/** Faces in order along the hole; each touches the next. */
function chain(specs: Spec[]): FeatureGeometry {
  return {
    faceCount: specs.length,
    face: (i) => specs[i].face,
    neighbours: (i) => [i - 1, i + 1].filter((j) => j >= 0 && j < specs.length),
    boundaryPoints: (faces) => new Float64Array(faces.flatMap((f) => specs[f].points)),
  };
}

describe('hole stacks (entry at z = 0, the hole going down)', () => {
  it('M6 thread modelled as its Ø6 cylinder over 8 mm above the Ø5 tap drill: a thread of pitch 1, blind with its floor', () => {
    const g = chain([cylinder(3, 0, -8), ring(2.5, 3, -8, true), cylinder(2.5, -8, -20), ring(0, 2.5, -20, true)]);
    expect(findHoleStacks(g)).toEqual([[0, 1, 2, 3]]);
    const s = describeHoleStack(g, [0, 1, 2, 3])!;
    expect(s.composite).toBe('thread');
    expect(s.through).toBe(false);
    expect(s.segments.map((x) => [x.kind, x.faces, x.pitchMm])).toEqual([['thread', [0, 1], 1], ['hole', [2, 3], undefined]]);
    expect(s.segments[0].diameterMm).toBeCloseTo(6, 9);
    expect(s.segments[0].depthMm).toBeCloseTo(8, 9);
    expect(s.depthMm).toBeCloseTo(20, 9);
  });

  it('the same stack at Ø11 over Ø6.6 (an M6 counterbore) is a counterbore, not a thread', () => {
    const g = chain([cylinder(5.5, 0, -6), ring(3.3, 5.5, -6, true), cylinder(3.3, -6, -10)]);
    const s = describeHoleStack(g, [0, 1, 2])!;
    expect(s.composite).toBe('counterbore');
    expect(s.through).toBe(true);
    expect(s.bottomFaces).toEqual([1]);
  });

  it('counterdrill: Ø10 cylinder, 118° cone down to Ø6, Ø6 hole with a 118° drill point: counterdrill, blind', () => {
    const h = 2 / Math.tan((59 * Math.PI) / 180);
    const p = 3 / Math.tan((59 * Math.PI) / 180);
    const g = chain([cylinder(5, 0, -4), cone(5, -4, 3, -4 - h), cylinder(3, -4 - h, -15), cone(3, -15, 0, -15 - p)]);
    const s = describeHoleStack(g, [0, 1, 2, 3])!;
    expect(s.composite).toBe('counterdrill');
    expect(s.through).toBe(false);
    expect(s.segments.map((x) => [x.kind, x.faces])).toEqual([['counterdrill', [0, 1]], ['hole', [2, 3]]]);
    expect(s.segments[0].angleDeg).toBeCloseTo(118, 6);
    expect(s.bottomFaces).toEqual([3]);
  });

  it('a 0.5 mm × 45° edge break on a Ø6 hole (Ø7 < 1.4 × Ø6) is a chamfer segment, the hole a plain one; Ø12 × 90° is a countersink', () => {
    const edge = describeHoleStack(chain([cone(3.5, 0, 3, -0.5), cylinder(3, -0.5, -10)]), [0, 1])!;
    expect(edge.composite).toBeNull();
    expect(edge.segments.map((x) => x.kind)).toEqual(['chamfer', 'hole']);
    const sink = describeHoleStack(chain([cone(6, 0, 3, -3), cylinder(3, -3, -10)]), [0, 1])!;
    expect(sink.composite).toBe('countersink');
    expect(sink.segments[0].angleDeg).toBeCloseTo(90, 6);
    expect(sink.segments[0].diameterMm).toBeCloseTo(12, 9);
  });

  it('a quarter-cylinder fillet leaves a 270° gap in its wall; a split hole (two half cylinders) leaves none that wide', () => {
    expect(describeHoleStack(chain([cylinder(2, 0, -10, 90)]), [0])!.wallGapDeg).toBeCloseTo(270, 6);
    const half = cylinder(3, 0, -10, 180);
    const other: Spec = { face: { ...half.face }, points: half.points.map((v, i) => (i % 3 === 2 ? v : -v)) };
    const g = chain([half, other]);
    expect(findHoleStacks(g)).toEqual([[0, 1]]);
    expect(describeHoleStack(g, [0, 1])!.wallGapDeg).toBeLessThan(30);
  });
});

/** Faces with explicit adjacency (pairs of face indices). */
function linked(specs: Spec[], pairs: [number, number][]): FeatureGeometry {
  const nb = specs.map(() => [] as number[]);
  for (const [a, b] of pairs) nb[a].push(b), nb[b].push(a);
  return { faceCount: specs.length, face: (i) => specs[i].face, neighbours: (i) => nb[i], boundaryPoints: (faces) => new Float64Array(faces.flatMap((f) => specs[f].points)) };
}
/** A planar face beside the hole (a slot's wall: its normal across the axis), bounded by a square at x = 8. */
const slotWall = (z0: number, z1: number): Spec => {
  const points = [8, -8, z0, 8, 8, z0, 8, 8, z1, 8, -8, z1];
  return { face: { kind: 'plane', normal: [-1, 0, 0], origin: [8, 0, z0], axis: null, radius: null, semiAngleRad: null, inward: false, area: 1, bbox: box(points) }, points };
};

describe('hole pieces that other features cut apart (hole-pieces.ts)', () => {
  it('a counterbore whose shoulder a slot cut open (its boundary points all on the bore circle) and the Ø6 drill below the slot: one counterbored through hole', () => {
    // 0 bore Ø11 (z 0..-6), 1 its shoulder at z = -6 meeting the slot (2), 3 the drill below the slot (z -12..-30)
    const g = linked([cylinder(5.5, 0, -6), ring(0, 5.5, -6, true), slotWall(-6, -12), cylinder(3, -12, -30)], [[0, 1], [1, 2], [2, 3]]);
    expect(findHoleStacks(g)).toEqual([[0, 1, 3]]);
    const s = describeHoleStack(g, [0, 1, 3])!;
    expect(s.composite).toBe('counterbore');
    expect(s.through).toBe(true);
  });

  it('the same bore closed by a whole floor (meeting nothing but the bore) does not join the drill beyond it', () => {
    const g = linked([cylinder(5.5, 0, -6), ring(0, 5.5, -6, true), slotWall(-7, -12), cylinder(3, -12, -30)], [[0, 1], [0, 2], [2, 3]]);
    expect(findHoleStacks(g)).toEqual([[0, 1], [3]]);
  });

  it('a countersink cone (Ø12 → Ø8 over z 0..-2) cut off its Ø6 drill (z -12..-30): it narrows to Ø6 at z = -3, inside the gap', () => {
    const g = linked([cone(6, 0, 4, -2), slotWall(-2, -12), cylinder(3, -12, -30)], [[0, 1], [1, 2]]);
    expect(findHoleStacks(g)).toEqual([[0, 2]]);
    expect(describeHoleStack(g, [0, 2])!.composite).toBe('countersink');
  });

  it('a cone that narrows to the drill radius only beyond the gap (past where the drill starts) stays out', () => {
    // Ø12 → Ø10 over z 0..-1 (45°): Ø6 at z = -3; the slot is z -1..-2 and the drill starts at z = -2
    const far = linked([cone(6, 0, 5, -1), slotWall(-1, -2), cylinder(3, -2, -30)], [[0, 1], [1, 2]]);
    expect(findHoleStacks(far)).toEqual([[2]]);
  });

  it('two pieces of one length across a gap (two walls of one thickness: a clevis) stay two holes; unequal pieces are one', () => {
    const equal = linked([cylinder(3, 0, -5), slotWall(-5, -25), cylinder(3, -25, -30)], [[0, 1], [1, 2]]);
    expect(findHoleStacks(equal)).toEqual([[0], [2]]);
    const unequal = linked([cylinder(3, 0, -5), slotWall(-5, -25), cylinder(3, -25, -32)], [[0, 1], [1, 2]]);
    expect(findHoleStacks(unequal)).toEqual([[0, 2]]);
  });

  it('a countersink cone in two pieces (another feature cut it) is one countersink segment', () => {
    const sink = cone(6, 0, 3, -3);
    const half = (sign: number): Spec => ({ face: { ...sink.face }, points: sink.points.map((v, i) => (i % 3 === 1 ? Math.abs(v) * sign : v)) });
    const g = linked([half(1), half(-1), cylinder(3, -3, -10)], [[0, 2], [1, 2]]);
    expect(findHoleStacks(g)).toEqual([[0, 1, 2]]);
    const s = describeHoleStack(g, [0, 1, 2])!;
    expect(s.segments.map((x) => [x.kind, x.faces])).toEqual([['countersink', [0, 1]], ['hole', [2]]]);
    expect(s.segments[0].diameterMm).toBeCloseTo(12, 9);
  });

  it('pieces of different bodies (no path between them) stay apart', () => {
    const g = linked([cylinder(3, 0, -5), cylinder(3, -25, -32)], []);
    expect(findHoleStacks(g)).toEqual([[0], [1]]);
  });
});

describe('isoMetricPitchMm', () => {
  it('nominal and tap-drill diameters of ISO metric threads give their pitch; other pairs give null', () => {
    expect(isoMetricPitchMm(6, 5)).toBe(1);
    expect(isoMetricPitchMm(8, 6.8)).toBe(1.25);
    expect(isoMetricPitchMm(3, 2.5)).toBe(0.5);
    expect(isoMetricPitchMm(10, 9)).toBe(1); // M10 × 1 fine
    expect(isoMetricPitchMm(6.5, 5.5)).toBeNull(); // no M6.5
    expect(isoMetricPitchMm(11, 6.6)).toBeNull(); // an M6 counterbore
  });
});
