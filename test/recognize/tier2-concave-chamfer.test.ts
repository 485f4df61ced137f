/**
 * Tier 2 on chamfers of concave edges (session 12; seed 107 dev parts copied to test/fixtures/synthetic/convention/,
 * mfgen/4 labels): a bevel that fills the edge between a feature's floor and a wall, or a pocket's corner between two
 * walls, is a `chamfer` blend (`blend-faces.ts`, `isConcaveChamfer`) and joins the faces it blends into one depression
 * as a fillet does (`rule-context.ts`, `findDepressions`). Before, the bevel was taken for a wall and no rule explained
 * the feature: every face of it fell back to `other_feature`. The walls of a turned hexagonal pocket, which meet
 * their neighbours at 30° and 60° like a corner bevel would, stay walls.
 */
import { describe, expect, it } from 'vitest';
import { tier2ByStepId } from '../support/generated-fixtures.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';

/** The Tier 2 answer of a fixture, read by STEP face id. */
const answers = tier2ByStepId;

describe('Tier 2: a chamfer of a concave edge', () => {
  it('syn_s107_000208: a pocket whose floor edges are bevelled round its corner radii: a rectangular pocket and one chamfer', async () => {
    const { part, labels, faceOf, classOf, featureOf } = await answers('syn_s107_000208');
    const pocket = labels.generator.instances['2'];
    const chamfer = labels.generator.instances['7'];
    expect(pocket.class).toBe('rectangular_pocket');
    expect(chamfer.class).toBe('chamfer');
    expect(chamfer.faces).toHaveLength(8); // four planes along the floor edges, four cones round the corner radii
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
    for (const id of chamfer.faces) expect(classOf(id), `face ${id}`).toBe('chamfer');
    expect(new Set(pocket.faces.map(featureOf)).size).toBe(1);
    expect(new Set(chamfer.faces.map(featureOf)).size).toBe(1);
    const ctx = createRuleContext(buildFeatureGraphFromPart(part));
    for (const id of chamfer.faces) expect(ctx.blend[faceOf.get(id)!], `face ${id}`).toBe('chamfer');
  });

  it('syn_s107_000032: a v slot whose floor edge is bevelled along its walls and round its round end', async () => {
    const { labels, classOf } = await answers('syn_s107_000032');
    const slot = labels.generator.instances['0'];
    const chamfer = labels.generator.instances['4'];
    expect(slot.class).toBe('v_circular_end_blind_slot');
    expect(chamfer.class).toBe('chamfer');
    for (const id of slot.faces) expect(classOf(id), `face ${id}`).toBe('v_circular_end_blind_slot');
    for (const id of chamfer.faces) expect(classOf(id), `face ${id}`).toBe('chamfer');
  });

  it('syn_s107_000131: a pocket corner cut at 45° between two walls, square to the floor', async () => {
    const { labels, classOf } = await answers('syn_s107_000131');
    const pocket = labels.generator.instances['1'];
    const chamfer = labels.generator.instances['16'];
    expect(pocket.class).toBe('rectangular_pocket');
    expect(chamfer.faces).toEqual([347]);
    expect(classOf(347)).toBe('chamfer');
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
  });

  it('syn_s107_000110 (guard): the walls of a turned hexagonal pocket, at 30° and 60° to two square neighbours, stay walls', async () => {
    const { labels, classOf } = await answers('syn_s107_000110');
    const pocket = labels.generator.instances['3'];
    expect(pocket.class).toBe('6sides_pocket');
    // 557, the generator's chamfer of one hexagon corner, is read as a wall (not changed here), and two walls beside
    // it as convex chamfers, as before; the other walls and the floor must not turn into bevels
    for (const id of [655, 704, 753, 802, 1547]) expect(classOf(id), `face ${id}`).toBe('6sides_pocket');
  });
});
