/**
 * Tier 2 on a pocket cut into a rounded stock edge (session 12; seed 107 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). A depression opens to a stock side across a rim blend only
 * where the blend replaced the edge between its wall and that side (`rule-context.ts`, `stockDirsOf`); two parallel
 * planes had no edge between them. The pocket's wall standing under the round of the stock's edge, facing away from
 * the stock side the round runs on into, made the pocket open to that side too: a blind slot, its corner radii fillets.
 * The round is a B-spline face here, which Tier 2 reads as a cylinder fitted to its triangles: the part is tessellated
 * as the evaluator and an analyzer with a tessellator do (without triangles the face stays free-form and the wall
 * never reached the stock side).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Tessellator } from '../../src/tessellation/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';
import type { GeneratedLabels } from '../support/generated-fixtures.js';

let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

describe('Tier 2: a pocket wall under a round of the stock edge', () => {
  it('syn_s107_000104: the pocket opens to its top only: a rectangular pocket with its corner radii, one feature', async () => {
    const base = new URL('../fixtures/synthetic/convention/syn_s107_000104', import.meta.url);
    const part = await loadStepPart(new Uint8Array(readFileSync(new URL(`${base.href}.step`))), tess);
    const [[, labels]] = JSON.parse(readFileSync(new URL(`${base.href}.json`), 'utf8')) as [[string, GeneratedLabels]];
    const out = recognizeFeatures(part);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    const classOf = (id: number) => out.faces[faceOf.get(id)!].className;
    const featureOf = (id: number) => out.features.findIndex((f) => f.faces.includes(faceOf.get(id)!));
    const pocket = labels.generator.instances['3'];
    expect(pocket.class).toBe('rectangular_pocket');
    expect(pocket.faces).toHaveLength(10); // floor in two pieces, four walls, four corner radii
    for (const id of pocket.faces) expect(classOf(id), `face ${id}`).toBe('rectangular_pocket');
    expect(new Set(pocket.faces.map(featureOf)).size).toBe(1);
    // the stock edge's round the wall stands under stays a round
    const round = labels.generator.instances['14'];
    for (const id of round.faces) expect(classOf(id), `face ${id}`).toBe('round');
  });
});
