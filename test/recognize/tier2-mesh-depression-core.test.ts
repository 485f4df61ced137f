/**
 * The STL path tries a depression again without its scraps when no rule explains it whole
 * (tier2-heuristics/mesh-depression-core.ts, used by classify-features.ts; mesh faces only).
 * syn_s202_000058 (generated, seed 202 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/, its STEP in
 * test/fixtures/synthetic/convention-moved/): a deep bull-nose rectangular pocket (r2.60 corners, r0.61 floor fillets)
 * entered through a slanted through step's face. One straight floor fillet was segmented as a torus of major radius
 * ~110 that meets the floor and walls along concave arcs: no blend, so it sat in the pocket's depression as a curved
 * face no pocket rule takes. The depression read as nothing, and the whole pocket (8,854 triangles) as `round`.
 * syn_s202_000096 (same set and folders): the scraps left out are a shredded round's, and go back to that round.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { meshDepressionCores } from '../../src/stages/recognize/tier2-heuristics/mesh-depression-core.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s202_000058');
const part96 = generatedStlFixture('syn_s202_000096');

describe('STL path: a depression refused for a scrap of its blends is tried again without it', () => {
  it('syn_s202_000058: the pocket and its radii read as one rectangular pocket', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const { predicted } = triangleAnswers(out, labels.triangleClass.length);
    const pocket = labels.triangleClass.flatMap((c, t) => (c === CLASS.rectangularPocket ? [t] : []));
    expect(pocket.length).toBe(8854);
    // before: every one of them `round`; now all but the scrap's own 62 (it meets only the floor fillet's ring, so it
    // goes back to that round before the ring joins the pocket)
    expect(pocket.filter((t) => predicted[t] === CLASS.rectangularPocket).length).toBe(pocket.length - 62);
    // one pocket feature (the enclosed-pocket rule: the pocket opens through the slanted step, not a stock face)
    const rules = (out.details as unknown as HeuristicDetails).rules;
    const pockets = out.features.flatMap((m, k) => (m.classId === CLASS.rectangularPocket ? [{ m, rule: rules[k] }] : []));
    expect(pockets).toHaveLength(1);
    expect(pockets[0].rule).toBe('enclosed-pocket');
  });

  it('the scrap: a small non-blend torus of the depression is left out and the walls and floor stay together', () => {
    const graph = segmentMesh(mesh());
    const ctx = createRuleContext(graph);
    const deps = findDepressions(ctx);
    const dep = deps.find((d) => d.faces.some((f) => graph.faces[f].kind === 'torus'))!;
    const scrap = dep.faces.filter((f) => graph.faces[f].kind === 'torus');
    expect(scrap).toHaveLength(1);
    expect(graph.faces[scrap[0]].majorRadius!).toBeGreaterThan(50);
    const cores = meshDepressionCores(ctx, dep);
    expect(cores).toHaveLength(1);
    expect(cores[0].faces).toEqual(dep.faces.filter((f) => f !== scrap[0]));
  });

  it('syn_s202_000096: a round shredded into a passage\'s depression goes back to the round, the passage is found', () => {
    // A triangular passage whose edge a round (two B-spline faces, 3,941 triangles) runs along; the segmentation cut the
    // round into ~90 one-to-few-triangle planes, thin cylinders, spheres and tori, most of them in the passage's
    // depression. Before: the depression read as nothing and the passage's three walls (91 triangles) joined the round.
    const m = part96.mesh();
    const lab = part96.labels;
    const { predicted } = triangleAnswers(recognizeFeatures(createMeshPart(m, 'stl')), lab.triangleClass.length);
    const of = (c: number) => lab.triangleClass.flatMap((x, t) => (x === c ? [t] : []));
    const passage = of(CLASS.triangularPassage), round = of(CLASS.round);
    expect([passage.length, round.length]).toEqual([91, 3941]);
    expect(passage.filter((t) => predicted[t] === CLASS.triangularPassage).length).toBe(91);
    // the scraps go back to the round they meet (without that, 2,762 of the round's triangles joined the passage)
    expect(round.filter((t) => predicted[t] === CLASS.round).length).toBe(3919);
  });

  it('a B-Rep depression has no core of its own: its faces are real faces', () => {
    const step = readFileSync(new URL('../fixtures/synthetic/convention-moved/syn_s202_000058.step', import.meta.url), 'utf8');
    const ctx = createRuleContext(buildFeatureGraphFromPart(buildPartFromStep(readStep(step))));
    for (const dep of findDepressions(ctx)) expect(meshDepressionCores(ctx, dep)).toEqual([]);
  });
});
