/**
 * The STL path's hole-stack pass (tier2-mesh/mesh-hole-stacks.ts): a floor across the whole drill anywhere in the stack
 * makes the drill blind. syn_s301_000011 (generated, seed 301 `--motion --stl`, mfgen/4;
 * test/fixtures/generated-stl/): a counterbored blind hole whose drill the segmentation split in pieces; the piece
 * with the floor read as a `counterbore` (two fitted radii a little apart), which gives no through/blind verdict, and
 * the pieces without it read `through-hole`, so the joined hole was `through_hole` with its own floor inside.
 */
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s301_000011');

describe('STL path: a floor across the drill makes a hole stack blind', () => {
  it('syn_s301_000011: no blind-hole triangle reads through_hole; its holes are blind with a bottom face', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const nt = labels.triangleClass.length;
    const { predicted, featureOf } = triangleAnswers(out, nt);
    const blind = labels.triangleClass.flatMap((c, t) => (c === CLASS.blindHole ? [t] : []));
    expect(blind.length).toBeGreaterThan(1000);
    // before the change 452 of them read through_hole (the split drill and its floor)
    expect(blind.filter((t) => predicted[t] === CLASS.throughHole)).toEqual([]);
    const rightBlind = blind.filter((t) => predicted[t] === CLASS.blindHole);
    expect(rightBlind.length).toBeGreaterThan(0);
    // they sit in blind holes with a bottom face
    for (const k of new Set(rightBlind.map((t) => featureOf[t]))) {
      expect(out.features[k].classId).toBe(CLASS.blindHole);
      expect(out.features[k].bottomFaces.length).toBeGreaterThan(0);
    }
    // the through holes still read through (the part's other holes)
    expect(out.features.some((f) => f.classId === CLASS.throughHole)).toBe(true);
  });
});
