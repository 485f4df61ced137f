/**
 * The shared feature-parameter measurer against the generator's true parameters. The fixtures in
 * test/fixtures/generated/ were made by `npm run generate -- --seed 7 --count 30` (FreeCAD, not needed
 * here) and picked for their features; each JSON's `generator.features` holds the parameters the part
 * was cut with and `generator.instances` which faces each operation left.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { describeHoleStack, featureGeometryOfPart, measureFeatureParameters, type FeatureGeometry } from '../../src/features/parameters/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';

interface Generated {
  part: Part;
  geom: FeatureGeometry;
  stock: [number, number, number];
  features: { kind: string; params: Record<string, number & number[]> }[];
  /** Instances by id: class id, feature index, Part face indices, bottom faces. */
  instances: Map<string, { classId: number; feature: number; faces: number[]; bottoms: number[] }>;
}

function load(name: string): Generated {
  const base = new URL(`../fixtures/generated/${name}`, import.meta.url);
  const part = buildPartFromStep(readStep(readFileSync(new URL(`${base.href}.step`))));
  const [[, body]] = JSON.parse(readFileSync(new URL(`${base.href}.json`), 'utf8')) as [[string, { bottom: Record<string, number>; generator: { stock: [number, number, number]; features: Generated['features']; instances: Record<string, { class: string; feature: number; faces: number[] }> } }]];
  const index = new Map(part.faces.map((f) => [f.stepId, f.index]));
  const instances: Generated['instances'] = new Map();
  for (const [id, inst] of Object.entries(body.generator.instances)) {
    const faces = inst.faces.map((s) => index.get(s)!);
    instances.set(id, { classId: AAGNET_CLASS_NAMES.indexOf(inst.class as never), feature: inst.feature, faces, bottoms: inst.faces.filter((s) => body.bottom[s] === 1).map((s) => index.get(s)!) });
  }
  return { part, geom: featureGeometryOfPart(part), stock: body.generator.stock, features: body.generator.features, instances };
}

const measured = (g: Generated, ...ids: string[]) => {
  const insts = ids.map((id) => g.instances.get(id)!);
  return measureFeatureParameters(g.geom, insts[0].classId, insts.flatMap((i) => i.faces), insts.flatMap((i) => i.bottoms));
};
/** Generator values are rounded to 1e-4. */
const near = (actual: number | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 3);

describe('shared feature parameters = the generator’s true parameters (test/fixtures/generated, seed 7)', () => {
  it('syn_s7_000005: blind hole Ø, depth; chamfer of size s on a box edge (length, 45°/45°, setbacks s, width s√2); concave pocket-corner rounds', () => {
    const g = load('syn_s7_000005');
    const hole = g.features[2].params;
    const p = measured(g, '3');
    near(p.diameterMm, 2 * hole.radius);
    near(p.depthMm, hole.depth);
    const ch = g.features[4].params;
    const c = measured(g, '9');
    near(c.lengthMm, ch.edge_length);
    near(c.angle1Deg, 45);
    near(c.angle2Deg, 45);
    near(c.distance1Mm, ch.size);
    near(c.distance2Mm, ch.size);
    near(c.widthMm, ch.size * Math.SQRT2);
    for (const id of ['5', '6', '7', '8']) expect(measured(g, id)).toMatchObject({ radiusMm: expect.closeTo(g.features[3].params.corner_radius, 3), convex: 0 });
  });

  it('syn_s7_000005: countersink (cone + drill) as one stack: drill Ø, countersink Ø and angle; the drill broke into the slot, so it is through', () => {
    const g = load('syn_s7_000005');
    const cs = g.features[1].params;
    const p = measured(g, '2', '1');
    near(p.diameterMm, 2 * cs.drill_radius);
    near(p.countersinkDiameterMm, 2 * cs.sink_radius);
    near(p.countersinkAngleDeg, cs.angle_deg);
    // Cut as blind (drill_depth 77.964 from the top), it ends in the through slot cut before it: no floor
    // is left and the hole opens at both ends — a through hole by docs/labelling.md, measured to the slot.
    expect(p.depthMm).toBeLessThan(cs.drill_depth);
    const stack = describeHoleStack(g.geom, [...g.instances.get('1')!.faces, ...g.instances.get('2')!.faces])!;
    expect(stack.composite).toBe('countersink');
    expect(stack.through).toBe(true);
    expect(stack.segments.map((s) => s.kind)).toEqual(['countersink', 'hole']);
  });

  it('syn_s7_000009: 120° countersink on a through drill: the depth is the stock thickness the drill crosses', () => {
    const g = load('syn_s7_000009');
    const cs = g.features[0].params;
    const p = measured(g, '1', '0');
    near(p.diameterMm, 2 * cs.drill_radius);
    near(p.depthMm, cs.drill_depth - 1); // the tool overshoots the stock by 1 mm
    near(p.countersinkDiameterMm, 2 * cs.sink_radius);
    near(p.countersinkAngleDeg, 120);
    expect(describeHoleStack(g.geom, [...g.instances.get('0')!.faces, ...g.instances.get('1')!.faces])!.through).toBe(true);
  });

  for (const [name, bore, drill] of [['syn_s7_000007', '1', '2'], ['syn_s7_000011', '0', '1'], ['syn_s7_000022', '1', '2']] as const) {
    it(`${name}: counterbore (bore + drill) as one hole: drill Ø and depth, counterbore Ø and depth, through or blind as cut`, () => {
      const g = load(name);
      const k = g.instances.get(bore)!.feature;
      const cb = g.features[k].params as unknown as { bore_radius: number; bore_depth: number; drill_radius: number; drill_depth: number; through: boolean };
      const p = measured(g, drill, bore);
      near(p.diameterMm, 2 * cb.drill_radius);
      near(p.depthMm, cb.through ? cb.drill_depth - 1 : cb.drill_depth);
      near(p.counterboreDiameterMm, 2 * cb.bore_radius);
      near(p.counterboreDepthMm, cb.bore_depth);
      const stack = describeHoleStack(g.geom, [...g.instances.get(bore)!.faces, ...g.instances.get(drill)!.faces])!;
      expect(stack.composite).toBe('counterbore');
      expect(stack.through).toBe(cb.through);
      expect(stack.segments.map((s) => s.kind)).toEqual(['counterbore', 'hole']);
    });
  }

  it('syn_s7_000007 and syn_s7_000022: chamfers on box edges (length = the edge, setbacks = the size)', () => {
    for (const [name, id, f] of [['syn_s7_000007', '3', 2], ['syn_s7_000022', '3', 2]] as const) {
      const g = load(name);
      const c = measured(g, id);
      near(c.lengthMm, g.features[f].params.edge_length);
      near(c.distance1Mm, g.features[f].params.size);
      near(c.distance2Mm, g.features[f].params.size);
    }
  });

  it('syn_s7_000001: rectangular pocket: length × width × depth, four walls', () => {
    const g = load('syn_s7_000001');
    const { rect, depth } = g.features[1].params as unknown as { rect: number[]; depth: number };
    const p = measured(g, '1');
    near(p.lengthMm, Math.max(rect[2], rect[3]));
    near(p.widthMm, Math.min(rect[2], rect[3]));
    near(p.depthMm, depth);
    expect(p.wallCount).toBe(4);
  });

  it('syn_s7_000009: circular-end pocket: length × width × depth and the end radius', () => {
    for (const [name, id, f] of [['syn_s7_000009', '2', 1]] as const) {
      const g = load(name);
      const { rect, depth, radius } = g.features[f].params as unknown as { rect: number[]; depth: number; radius: number };
      const p = measured(g, id);
      near(p.lengthMm, Math.max(rect[2], rect[3]));
      near(p.widthMm, Math.min(rect[2], rect[3]));
      near(p.depthMm, depth);
      near(p.radiusMm, radius);
    }
  });

  it('syn_s7_000011 and syn_s7_000022: a triangular pocket’s depth; a triangular passage runs through the stock', () => {
    const a = load('syn_s7_000011');
    near(measured(a, '2').depthMm, a.features[1].params.depth);
    const b = load('syn_s7_000022');
    near(measured(b, '0').depthMm, b.features[0].params.depth - 1);
    expect(measured(b, '0').wallCount).toBe(3);
  });
});
