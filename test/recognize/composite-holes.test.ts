/**
 * The hole pass after each B-Rep tier (runRecognizers → groupCompositeHoles): on generated parts with
 * counterbores and countersinks (test/fixtures/generated, made by `npm run generate -- --seed 7`), the
 * answer holds one composite hole per stack — exactly the faces of the generator's composite, the hole
 * class of its drill, its segments and parameters — whichever tier answered.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createAagnetRecognizer, createHeuristicRecognizer, runRecognizers, type RecognizeContext, type Recognizer } from '../../src/stages/recognize/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { analysisResultSchema } from '../../src/result/index.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

function load(name: string) {
  const base = new URL(`../fixtures/generated/${name}`, import.meta.url).href;
  const part: Part = buildPartFromStep(readStep(readFileSync(new URL(`${base}.step`))));
  const [[, body]] = JSON.parse(readFileSync(new URL(`${base}.json`), 'utf8')) as [[string, { composites: { type: string; faces: number[] }[]; generator: { features: { kind: string; params: Record<string, number | boolean> }[] } }]];
  const index = new Map(part.faces.map((f) => [f.stepId, f.index]));
  const composites = body.composites.map((c) => ({ type: c.type, faces: c.faces.map((s) => index.get(s)!).sort((a, b) => a - b) }));
  return { part, composites, features: body.generator.features };
}

const tier1 = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine() });
const tier2 = createHeuristicRecognizer();
afterAll(() => tier1.dispose?.());

const cases = [
  ['syn_s7_000005', 'countersink', 'countersunk_hole'],
  ['syn_s7_000007', 'counterbore', 'counterbored_hole'],
  ['syn_s7_000009', 'countersink', 'countersunk_hole'],
  ['syn_s7_000011', 'counterbore', 'counterbored_hole'],
  ['syn_s7_000022', 'counterbore', 'counterbored_hole'],
] as const;

describe.each([
  ['Tier 1', tier1],
  ['Tier 2', tier2],
] as [string, Recognizer][])('%s, then the hole pass', (_, recognizer) => {
  for (const [name, kind, type] of cases) {
    it(`${name}: the ${kind} is one ${type} with its segments, no other feature keeps its faces, every face of it says through/blind as measured`, async () => {
      const { part, composites, features } = load(name);
      const { result } = await runRecognizers(part, [recognizer], ctx());
      expect(result.recognizer).toBe(recognizer.id);
      const truth = composites[0];
      const hole = result.features.find((f) => f.composite);
      expect(hole).toBeDefined();
      expect(hole!.type).toBe(type);
      expect(hole!.faces).toEqual(truth.faces);
      expect(hole!.composite!.kind).toBe(kind);
      expect(hole!.composite!.segments.map((s) => s.kind)).toEqual([kind, 'hole']);
      expect(hole!.composite!.segments.flatMap((s) => s.faces).sort((a, b) => a - b)).toEqual(truth.faces);
      const params = features.find((f) => f.kind === kind)!.params as Record<string, number>;
      const outer = kind === 'counterbore' ? params.bore_radius : params.sink_radius;
      expect(hole!.composite!.segments[0].parameters.diameterMm).toBeCloseTo(2 * outer, 3);
      expect(hole!.composite!.segments[1].parameters.diameterMm).toBeCloseTo(2 * params.drill_radius, 3);
      expect(hole!.parameters.diameterMm).toBeCloseTo(2 * params.drill_radius, 3);
      for (const f of result.features) if (f !== hole) expect(f.faces.some((x) => truth.faces.includes(x))).toBe(false);
      // docs/labelling.md: every face of the stack (the countersink's cone, the counterbore's bore and annular
      // floor) is a face of the hole and carries its measured through/blind class, whatever the tier called it.
      const stackFaces = result.faces.filter((f) => hole!.faces.includes(f.faceIndex));
      expect(stackFaces.length).toBe(truth.faces.length);
      for (const f of stackFaces) expect(f.className).toBe(AAGNET_CLASS_NAMES[hole!.classId]);
    });
  }
});

describe('the result contract', () => {
  it('a counterbored hole in an analysis result passes the schema (features[].composite)', async () => {
    const { part } = load('syn_s7_000022');
    const { result } = await runRecognizers(part, [tier2], ctx());
    const recognition = analysisResultSchema.shape.recognition.parse(result);
    expect(recognition!.features.some((f) => f.composite?.kind === 'counterbore')).toBe(true);
  });
});
