/**
 * The STL path's hole-stack pass (tier2-mesh/mesh-drill-pieces.ts): pieces of one drill that a crossing feature cut
 * apart are one hole, blind when the piece beyond the crossing has the floor — as the B-Rep hole pass joins them.
 * Fixtures (generated, seed 202 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/, STEP and labels also in
 * test/fixtures/synthetic/convention-moved/): syn_s202_000045, a counterbored blind hole whose drill runs across two
 * pockets, its floored end beyond them; syn_s202_000067, a countersunk blind hole crossed by a through hole of r9.8,
 * its floored end beyond it. Before, the piece at the entry read `through_hole` on its own (767 and 1,386 triangles).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers, type GeneratedLabels } from '../support/generated-fixtures.js';

function hole(name: string, compositeType: string) {
  const { mesh, labels } = generatedStlFixture(name);
  const [[, body]] = JSON.parse(readFileSync(new URL(`../fixtures/generated-stl/${name}.json`, import.meta.url), 'utf8')) as [[string, GeneratedLabels]];
  const composite = body.composites!.find((c) => c.type === compositeType)!;
  const faces = new Set(composite.faces);
  const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
  const { predicted, featureOf } = triangleAnswers(out, labels.triangleClass.length);
  const tris = labels.triangleFace.flatMap((sf, t) => (faces.has(sf) ? [t] : []));
  return { out, tris, predicted, featureOf, labels };
}

describe('STL path: pieces of one drill cut apart by a crossing feature are one hole', () => {
  it.each([
    ['syn_s202_000045', 'counterbore'],
    ['syn_s202_000067', 'countersink'],
  ])('%s: the %s hole, cut in two, is one blind hole with its floor', (name, type) => {
    const r = hole(name, type);
    expect(r.tris.length).toBeGreaterThan(700);
    expect(r.tris.every((t) => r.labels.triangleClass[t] === CLASS.blindHole)).toBe(true);
    // before: the entry piece (bore or cone and the drill down to the crossing feature) read through_hole
    expect(r.tris.filter((t) => r.predicted[t] !== CLASS.blindHole)).toEqual([]);
    const features = new Set(r.tris.map((t) => r.featureOf[t]));
    expect(features.size).toBe(1);
    const feature = r.out.features[[...features][0]];
    expect(feature.classId).toBe(CLASS.blindHole);
    expect(feature.bottomFaces.length).toBeGreaterThan(0);
    // the crossing through hole is not made blind
    const through = r.labels.triangleClass.flatMap((c, t) => (c === CLASS.throughHole ? [t] : []));
    expect(through.length).toBeGreaterThan(0);
    expect(through.filter((t) => r.predicted[t] === CLASS.blindHole)).toEqual([]);
  });
});
