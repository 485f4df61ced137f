/**
 * Tier 2 on a passage whose ring of walls another cut reached (session 16; seed 116 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). The hexagonal passage runs from a stock face down into a
 * pocket's wall, and a circular blind step cut across the edge between two of its walls: the step's floors meet the
 * passage there, so the reopened depression is open across its axis as well as through it, and the through-step rule
 * read the six walls as a two-sided step. Its walls surround the axis — every side is closed by its own wall — which no
 * step's or slot's faces do (docs/labelling.md, "when a side is closed"). A piece of another hexagonal passage, four
 * walls of it left where a through step took two, faces every way but one: two of its walls face each other (no step's
 * faces do) and it has four wall directions at other than square turns (no slot's profile has).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tessellator } from '../../src/tessellation/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';
import { conventionFixtureLabels, conventionFixtureStep, tier2ByStepId } from '../support/generated-fixtures.js';

let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

describe('Tier 2: a passage whose ring of walls another cut reached', () => {
  it('syn_s116_000022: the six walls are one 6sides_passage; the two-sided through step beside it stays a step', async () => {
    const { labels, classOf, featureOf } = await tier2ByStepId('syn_s116_000022');
    const instances = Object.values(labels.generator.instances);
    const passage = instances.find((i) => i.class === '6sides_passage')!;
    expect(passage.faces).toHaveLength(6);
    for (const id of passage.faces) expect(classOf(id), `face ${id}`).toBe('6sides_passage');
    expect(new Set(passage.faces.map(featureOf)).size).toBe(1);
    // a step's two roof planes face the side it opens to: they leave a half-turn free and stay a step
    const step = instances.find((i) => i.class === '2sides_through_step')!;
    for (const id of step.faces) expect(classOf(id), `face ${id}`).toBe('2sides_through_step');
  });

  // Tier 2 as the evaluator runs it, OpenCascade's triangles attached: the piece's walls are one depression there (on the
  // bare B-Rep the passage's pieces are joined first and this piece never reaches the rules alone)
  it('syn_s116_000132 (OpenCascade mesh attached): a hexagonal passage piece with four walls left (a through step took two) is 6sides_passage', async () => {
    const part = await loadStepPart(conventionFixtureStep('syn_s116_000132'), tess);
    const labels = conventionFixtureLabels('syn_s116_000132');
    const out = recognizeFeatures(part);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    const passage = Object.values(labels.generator.instances).find((i) => i.class === '6sides_passage')!;
    // the piece: four walls at 60° turns, two of them facing each other (STEP ids of the generated file)
    const piece = [3448, 3743, 3770, 3797];
    for (const id of piece) expect(passage.faces).toContain(id);
    for (const id of piece) expect(out.faces[faceOf.get(id)!].className, `face ${id}`).toBe('6sides_passage');
  });
});
