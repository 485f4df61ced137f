/**
 * The STL path under the one label convention (docs/labelling.md): on generated STL parts, a countersunk or
 * counterbored hole is one hole instance of the drill's class (cone, bore and annular floor included), and a
 * pocket's corner radii are faces of the pocket. Fixtures: test/fixtures/generated-stl/ (README there), written by
 * the generator with `--stl`; the truth is the generator's own (mfgen/2) instances, read per triangle.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import type { RecognitionOutput } from '../../src/stages/recognize/recognizer.js';
import { triangleAnswers } from '../support/generated-fixtures.js';

interface TrueInstance {
  class: string;
  faces: number[];
}

function run(name: string) {
  const base = new URL(`../fixtures/generated-stl/${name}`, import.meta.url).href;
  const { mesh } = readStl(new Uint8Array(readFileSync(new URL(`${base}.stl`))));
  const labels = JSON.parse(readFileSync(new URL(`${base}.stl.labels.json`), 'utf8')) as { triangleClass: number[]; triangleFace: number[] };
  const [[, body]] = JSON.parse(readFileSync(new URL(`${base}.json`), 'utf8')) as [[string, { composites: { type: string; faces: number[] }[]; generator: { instances: Record<string, TrueInstance> } }]];
  const out: RecognitionOutput = recognizeFeatures(createMeshPart(mesh, 'stl'));
  const nt = labels.triangleClass.length;
  const { predicted, featureOf } = triangleAnswers(out, nt);
  /** The triangles of a true instance (its STEP faces). */
  const trianglesOf = (inst: TrueInstance) => {
    const faces = new Set(inst.faces);
    return labels.triangleFace.flatMap((sf, t) => (faces.has(sf) ? [t] : []));
  };
  const accuracy = labels.triangleClass.filter((c, t) => predicted[t] === c).length / nt;
  return { body, out, predicted, featureOf, trianglesOf, accuracy };
}

/** Every triangle of the instance carries its class, and one predicted feature holds them all. */
function expectOneInstance(r: ReturnType<typeof run>, inst: TrueInstance) {
  const tris = r.trianglesOf(inst);
  expect(tris.length).toBeGreaterThan(0);
  const classId = AAGNET_CLASS_NAMES.indexOf(inst.class as never);
  expect(new Set(tris.map((t) => AAGNET_CLASS_NAMES[r.predicted[t]]))).toEqual(new Set([inst.class]));
  const features = new Set(tris.map((t) => r.featureOf[t]));
  expect(features.size).toBe(1);
  const feature = r.out.features[[...features][0]];
  expect(feature.classId).toBe(classId);
}

describe('STL path: composite holes and pocket corner radii as the label convention counts them', () => {
  it('syn_s7_000005: the countersink cone and its drill are one through hole; the pocket keeps its corner radii', () => {
    const r = run('syn_s7_000005');
    const sink = r.body.composites.find((c) => c.type === 'countersink')!;
    const hole = Object.values(r.body.generator.instances).find((i) => i.faces.includes(sink.faces[0]))!;
    expect(hole.class).toBe('through_hole');
    expect(hole.faces.length).toBe(2); // the cone and the drill
    expectOneInstance(r, hole);
    const pocket = Object.values(r.body.generator.instances).find((i) => i.class === 'rectangular_pocket')!;
    expect(pocket.faces.length).toBeGreaterThan(5); // floor, four walls and the corner radii
    expectOneInstance(r, pocket);
    expect(r.accuracy).toBeGreaterThan(0.99);
  });

  it('syn_s7_000015: the counterbore (bore, annular floor, drill, floor) is one blind hole; both pockets are whole', () => {
    const r = run('syn_s7_000015');
    const bore = r.body.composites.find((c) => c.type === 'counterbore')!;
    const hole = Object.values(r.body.generator.instances).find((i) => i.faces.includes(bore.faces[0]))!;
    expect(hole.class).toBe('blind_hole');
    expect(hole.faces.length).toBe(4);
    expectOneInstance(r, hole);
    for (const pocket of Object.values(r.body.generator.instances).filter((i) => i.class === 'rectangular_pocket')) expectOneInstance(r, pocket);
    expect(r.accuracy).toBeGreaterThan(0.99);
  });
});
