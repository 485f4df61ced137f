/**
 * The STL path names a polygonal pocket by its walls along its depth (tier2-mesh/mesh-pocket-outline.ts).
 * syn_s301_000098 (generated, seed 301 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/): a rectangular pocket
 * with corner fillets, read from the STL. The segmentation leaves one-triangle scraps of its curved faces fitted as
 * planes, two of them a few degrees off a wall; the pocket rule counted them as walls and named the pocket six-sided,
 * so all 856 of its triangles had the wrong class.
 */
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { classifyFeatures } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';
import { outlineMeshPockets } from '../../src/stages/recognize/tier2-mesh/mesh-pocket-outline.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s301_000098');

describe('STL path: a pocket is named by its walls along its depth', () => {
  it('syn_s301_000098: the rectangular pocket the rules called six-sided is rectangular', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const nt = labels.triangleClass.length;
    const { predicted } = triangleAnswers(out, nt);
    const pocket = labels.triangleClass.flatMap((c, t) => (c === CLASS.rectangularPocket ? [t] : []));
    expect(pocket.length).toBe(1649);
    const rectangular = pocket.filter((t) => predicted[t] === CLASS.rectangularPocket).length;
    // the pocket the rules found (856 triangles) moves whole; the part's other rectangular-pocket triangles (791) are
    // radii the fillet and round rules keep, as before
    expect(rectangular).toBeGreaterThanOrEqual(856);
    expect(pocket.some((t) => predicted[t] === CLASS.sixSidesPocket)).toBe(false);
    expect(out.features.some((f) => f.classId === CLASS.sixSidesPocket)).toBe(false);
  });

  it('renames only the pocket: before the pass the rules said six-sided, and no other face changes class', () => {
    const graph = segmentMesh(mesh());
    const c = classifyFeatures(graph);
    const before = [...c.faceClass];
    const sixSided = c.features.filter((m) => m.classId === CLASS.sixSidesPocket);
    expect(sixSided).toHaveLength(1);
    const renamed = outlineMeshPockets(graph, c.features, c.faceClass);
    expect(renamed).toEqual(sixSided);
    expect(renamed[0].classId).toBe(CLASS.rectangularPocket);
    const inPocket = new Set(renamed[0].faces);
    before.forEach((k, f) => expect(c.faceClass[f]).toBe(inPocket.has(f) ? CLASS.rectangularPocket : k));
    // run again: nothing left to rename
    expect(outlineMeshPockets(graph, c.features, c.faceClass)).toEqual([]);
  });
});
