/**
 * The STL path gives a bull-nose pocket the corner ring its floor lost (tier2-heuristics/classify-features.ts,
 * `meshBullNoseRingHost` in `absorbCutterRadii`).
 * syn_s201_000014 (generated, seed 201 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/): a rectangular pocket
 * with r5.2 corners and r2.04 floor fillets, cut across by a through hole. One corner's ring (a torus of tube 2.04 and
 * major radius 3.17, 2,133 triangles) meets only its corner cylinder, its floor fillet and the hole: the hole took the
 * floor it would end on. No face of its chain was a full corner of the pocket, so the chain stayed `round`: 2,263 of
 * the pocket's triangles had the wrong class.
 */
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s201_000014');

describe('STL path: a bull-nose corner ring cut off from its pocket floor', () => {
  it('syn_s201_000014: the ring, its corner cylinder and its floor fillet join the pocket', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const { predicted } = triangleAnswers(out, labels.triangleClass.length);
    const pocket = labels.triangleClass.flatMap((c, t) => (c === CLASS.rectangularPocket ? [t] : []));
    expect(pocket.length).toBe(6836);
    // before: 2,263 of them `round` (the ring's 2,133, its corner cylinder's 69 and its floor fillet's 61)
    expect(pocket.filter((t) => predicted[t] === CLASS.rectangularPocket).length).toBe(pocket.length);
    const ring = out.faces.find((f) => f.triangles!.length === 2133)!;
    expect(ring.classId).toBe(CLASS.rectangularPocket);
    // one pocket feature holds the ring and the rest of the pocket's faces
    const owner = out.features.filter((m) => m.faces.includes(ring.faceIndex));
    expect(owner).toHaveLength(1);
    expect(owner[0].classId).toBe(CLASS.rectangularPocket);
    expect(owner[0].faces.length).toBeGreaterThan(10);
    // the part's rounds and chamfers are untouched: every other triangle keeps its class too
    expect(predicted.filter((p, t) => p === labels.triangleClass[t]).length).toBe(labels.triangleClass.length);
  });
});
