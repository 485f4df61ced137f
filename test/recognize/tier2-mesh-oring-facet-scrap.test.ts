/**
 * The STL path's O-ring rule lets a small facet scrap of a wall ride along (tier2-heuristics/oring-rule.ts,
 * mesh-blend-scraps.ts `isMeshFacetScrap`).
 * syn_s301_000052 (generated, seed 301 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/): an O-ring groove whose
 * outer wall's segmentation left one facet as a plane of its own, 78° off the groove's axis. The O-ring rule wants
 * every plane square to the axis, so it refused the groove and the pocket rule called it a circular-end pocket: 771 of
 * its 780 triangles had the wrong class.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { isMeshFacetScrap } from '../../src/stages/recognize/tier2-heuristics/mesh-blend-scraps.js';
import { oringRule } from '../../src/stages/recognize/tier2-heuristics/oring-rule.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s301_000052');

describe('STL path: an O-ring groove with a facet scrap of its wall', () => {
  it('syn_s301_000052: the groove reads as an O-ring', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const { predicted } = triangleAnswers(out, labels.triangleClass.length);
    const groove = labels.triangleClass.flatMap((c, t) => (c === CLASS.oring ? [t] : []));
    expect(groove.length).toBe(780);
    // before: 771 `circular_end_pocket`, 9 `round`
    expect(groove.filter((t) => predicted[t] === CLASS.oring).length).toBeGreaterThanOrEqual(771);
    expect(out.features.filter((f) => f.classId === CLASS.circularEndPocket && f.faces.some((fi) => out.faces[fi].triangles!.some((t) => labels.triangleClass[t] === CLASS.oring)))).toHaveLength(0);
  });

  it('the scrap is one small plane across the axis; the rule takes the groove with it', () => {
    const graph = segmentMesh(mesh());
    const ctx = createRuleContext(graph);
    const grooveFace = (f: number) => graph.faces[f].triangles!.every((t) => labels.triangleClass[t] === CLASS.oring);
    const dep = findDepressions(ctx).find((d) => d.faces.length > 1 && d.faces.every(grooveFace))!;
    expect(dep).toBeDefined();
    const axis = graph.faces[dep.faces.find((f) => graph.faces[f].kind === 'cylinder')!].axis!;
    const across = dep.faces.filter((f) => graph.faces[f].normal && Math.abs(graph.faces[f].normal!.reduce((a, x, k) => a + x * axis[k], 0)) < 0.9995);
    expect(across).toHaveLength(1);
    expect(graph.faces[across[0]].triangles).toHaveLength(1);
    expect(isMeshFacetScrap(ctx, dep, across[0])).toBe(true);
    expect(oringRule(ctx, dep)?.classId).toBe(CLASS.oring);
    // a B-Rep face is never a scrap
    const part = buildPartFromStep(readStep(readFileSync(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url))));
    const brep = createRuleContext(buildFeatureGraphFromPart(part));
    for (const d of findDepressions(brep)) for (const f of d.faces) expect(isMeshFacetScrap(brep, d, f)).toBe(false);
  });
});
