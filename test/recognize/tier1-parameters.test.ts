import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/index.js';
import type { RecognitionOutput, RecognizeContext } from '../../src/stages/recognize/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { measureFeatureParameters } from '../../src/stages/recognize/tier1-aagnet/feature-parameters.js';
import { HAS_SHARED, NO_SHARED_REASON, mfcadDir } from '../support/shared-data.js';

// Hand-authored fixtures (test/fixtures/step/generate.ts documents every dimension): Tier 1 with the
// real model and the TypeScript extractor must find the features, and the measured parameters must
// equal the dimensions the fixtures were written with.
const fixture = (name: string): Part =>
  buildPartFromStep(readStep(readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url))));
const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const tier1 = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine() });
afterAll(() => tier1.dispose?.());

async function recognize(part: Part): Promise<RecognitionOutput> {
  expect(await tier1.canRecognize(part, ctx())).toEqual({ ok: true });
  return tier1.recognize(part, ctx());
}
const byName = (part: Part, ...names: string[]) => names.map((n) => part.faces.findIndex((f) => f.name === n));

describe('Tier 1 on hand-authored STEP fixtures: features and B-Rep-measured parameters', () => {
  it('block-pocket (40×30×20, pocket 20×10, 5 deep): one rectangular_pocket, floor = bottom, 5 / 10 / 20 mm', async () => {
    const part = fixture('block-pocket');
    const out = await recognize(part);
    expect(out.features).toEqual([
      {
        type: 'rectangular_pocket',
        classId: 14,
        faces: byName(part, 'wall x=10', 'wall x=30', 'wall y=10', 'wall y=20', 'floor'),
        bottomFaces: byName(part, 'floor'),
        confidence: expect.any(Number),
        parameters: { depthMm: 5, widthMm: 10, lengthMm: 20, wallCount: 4 },
      },
    ]);
    expect(out.faces.filter((f) => f.className === 'stock').map((f) => part.faces[f.faceIndex].name).sort()).toEqual(
      ['back', 'bottom', 'front', 'left', 'right', 'top'],
    );
  });

  it('plate-hole (40×30×10, hole r = 5): a through_hole of diameter 10 and depth 10, no bottom face', async () => {
    const part = fixture('plate-hole');
    const out = await recognize(part);
    expect(out.features.map(({ type, faces, bottomFaces, parameters }) => ({ type, faces, bottomFaces, parameters }))).toEqual([
      { type: 'through_hole', faces: byName(part, 'hole'), bottomFaces: [], parameters: { diameterMm: 10, depthMm: 10 } },
    ]);
  });

  it('plate-hole-pocket (60×40×10, hole r = 5, pocket 20×20 4 deep): both features with their sizes', async () => {
    const part = fixture('plate-hole-pocket');
    const out = await recognize(part);
    const got = Object.fromEntries(out.features.map((f) => [f.type, f.parameters]));
    expect(got).toEqual({ through_hole: { diameterMm: 10, depthMm: 10 }, rectangular_pocket: { depthMm: 4, widthMm: 20, lengthMm: 20, wallCount: 4 } });
  });

  it('a pocket of its floor alone (its walls taken by another feature) has no depthMm, not 0', () => {
    const part = fixture('block-pocket');
    const [floor] = byName(part, 'floor');
    const p = measureFeatureParameters(part, 14, [floor], [floor]);
    expect(p).not.toHaveProperty('depthMm');
    expect(p).toMatchObject({ widthMm: 10, lengthMm: 20 });
  });

  it('fillet-block (30 long edge rounded r = 3): a convex round of radius 3 and length 30', async () => {
    const part = fixture('fillet-block');
    const out = await recognize(part);
    expect(out.features.map((f) => [f.type, f.faces, f.parameters])).toEqual([['round', byName(part, 'fillet'), { radiusMm: 3, lengthMm: 30, convex: 1 }]]);
  });
});

const dir = HAS_SHARED ? mfcadDir() : null;
describe.skipIf(!dir)(`chamfer parameters on an MFCAD part (four 45° chamfers on a 10 mm cube)${dir ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  it('width = the chamfer face across its edge (√2 × leg), length = the cube edge, angles 45° / 45°, setbacks = the leg', () => {
    const part = buildPartFromStep(readStep(readFileSync(join(dir!, '0-0-0-0-19.step'))));
    // face named '4': the chamfer along z on the edge x = 10, y = 0 (its bbox gives the two legs)
    const f = part.faces.findIndex((x) => x.name === '4');
    const b = part.faces[f].bbox;
    const p = measureFeatureParameters(part, 0, [f], []);
    expect(p.widthMm).toBeCloseTo(Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1]), 6);
    expect(p.lengthMm).toBeCloseTo(b.max[2] - b.min[2], 6);
    expect(p.angle1Deg).toBeCloseTo(45, 6);
    expect(p.angle2Deg).toBeCloseTo(45, 6);
    expect(p.distance1Mm).toBeCloseTo(b.max[0] - b.min[0], 6);
    expect(p.distance2Mm).toBeCloseTo(b.max[1] - b.min[1], 6);
  });
});
