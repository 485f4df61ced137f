/**
 * The STL path's hole rule lets a flat facet of a hole's wall ride along (tier2-heuristics/hole-rule.ts,
 * `meshWallFacets`).
 * syn_s201_000043 (generated, seed 201 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/): a counterbored blind
 * hole crossed by a through hole. Beside each of its two cylinders the segmentation left one triangle of the wall as a
 * plane of its own, along the axis; the hole rule wants every plane square to the axis, so neither the bore nor the
 * drill read as a hole and the pocket rules called both circular-end pockets (922 of the hole's 925 triangles).
 */
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { holeRule } from '../../src/stages/recognize/tier2-heuristics/hole-rule.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s201_000043');

describe('STL path: a hole whose wall left a facet as a plane of its own', () => {
  it('syn_s201_000043: the counterbored hole reads blind_hole', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const { predicted } = triangleAnswers(out, labels.triangleClass.length);
    const hole = labels.triangleClass.flatMap((c, t) => (c === CLASS.blindHole ? [t] : []));
    expect(hole.length).toBe(925);
    // before: 922 `circular_end_pocket`, 3 `rectangular_pocket`
    expect(hole.filter((t) => predicted[t] === CLASS.blindHole).length).toBeGreaterThanOrEqual(922);
    expect(hole.filter((t) => predicted[t] === CLASS.circularEndPocket)).toHaveLength(0);
  });

  it('the facet is one triangle along the axis, tangent to the wall; the rule takes the group with it', () => {
    const graph = segmentMesh(mesh());
    const ctx = createRuleContext(graph);
    const holeFace = (f: number) => graph.faces[f].triangles!.every((t) => labels.triangleClass[t] === CLASS.blindHole);
    const deps = findDepressions(ctx).filter((d) => d.faces.length > 1 && d.faces.every(holeFace));
    expect(deps).toHaveLength(2);
    for (const dep of deps) {
      const axis = graph.faces[dep.faces.find((f) => graph.faces[f].kind === 'cylinder')!].axis!;
      const along = dep.faces.filter((f) => graph.faces[f].normal && Math.abs(graph.faces[f].normal!.reduce((a, x, k) => a + x * axis[k], 0)) < 0.03);
      expect(along).toHaveLength(1);
      expect(graph.faces[along[0]].triangles).toHaveLength(1);
      const m = holeRule(ctx, dep);
      expect(m?.classId).toBe(CLASS.blindHole);
      expect(m!.bottomFaces).not.toContain(along[0]);
    }
  });
});
