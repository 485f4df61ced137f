import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createAagnetRecognizer, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { rotatePart, stockAlignment } from '../../src/stages/recognize/tier1-aagnet/align-part.js';
import { rotateStepText } from '../../tools/eval/rotate-step.js';
import { mulberry32, randomRotation } from '../../tools/eval/seeded-rotation.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

const fx = JSON.parse(readFileSync(new URL('../inference/fixtures/aagnet-partA-gaag.json', import.meta.url), 'utf8'));
const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1');
const transpose = (r: readonly number[]) => [r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]];

describe('stock alignment (geometry only)', () => {
  it('an axis-aligned part needs none (block-pocket, plate-hole)', () => {
    for (const n of ['block-pocket', 'plate-hole']) expect(stockAlignment(buildPartFromStep(readStep(fixtureText(n))))).toBeNull();
  });

  it.each([1, 2, 3])('rotated block-pocket (seed %i): the alignment maps every planar normal back onto an axis', (seed) => {
    const r = randomRotation(mulberry32(seed));
    const part = buildPartFromStep(readStep(rotateStepText(fixtureText('block-pocket'), r).text));
    const a = stockAlignment(part)!;
    expect(a).not.toBeNull();
    const aligned = rotatePart(part, a.rotation);
    for (const f of aligned.faces) {
      const z = (f.surface as { frame: { z: number[] } }).frame.z;
      expect(Math.max(...z.map(Math.abs))).toBeCloseTo(1, 9);
    }
    expect(stockAlignment(aligned)).toBeNull();
  });

  it('rotatePart then its inverse gives back the vertices, frames and face boxes (seed 7)', () => {
    const part = buildPartFromStep(readStep(fixtureText('plate-hole')));
    const r = randomRotation(mulberry32(7));
    const back = rotatePart(rotatePart(part, r), transpose(r));
    back.vertices.forEach((v, i) => v.point.forEach((c, k) => expect(c).toBeCloseTo(part.vertices[i].point[k], 9)));
    const cyl = (p: Part) => p.faces.find((f) => f.surfaceType === 'cylinder')!.surface as { frame: { origin: number[]; z: number[] }; radius: number };
    cyl(back).frame.z.forEach((c, k) => expect(c).toBeCloseTo(cyl(part).frame.z[k], 12));
    expect(cyl(back).radius).toBe(cyl(part).radius);
    expect(back.faces.map((f) => f.name)).toEqual(part.faces.map((f) => f.name));
  });
});

describe.skipIf(!HAS_SHARED)(`Tier 1 on a rotated partA${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  const tier1 = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine() });
  const raw = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine(), alignStock: false });
  afterAll(async () => {
    await tier1.dispose?.();
    await raw.dispose?.();
  });

  it('with alignment the rotated partA gets the reference classes and features, measured on the rotated part (seed 20261128)', async () => {
    const text = readFileSync(join(SHARED_DIR, 'models', 'aagnet', 'partA.step'), 'latin1');
    const part = buildPartFromStep(readStep(rotateStepText(text, randomRotation(mulberry32(20261128))).text));
    expect(await tier1.canRecognize(part, ctx())).toEqual({ ok: true });
    const out = await tier1.recognize(part, ctx());
    expect(out.details?.alignmentDeg).toBeGreaterThan(1);
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    const hole = out.features.find((f) => f.faces.join() === '10')!;
    expect(hole.type).toBe('through_hole');
    expect(hole.parameters.depthMm).toBeCloseTo(26000, 3); // rotation-invariant: measured on the B-Rep as given
    const plain = await raw.recognize(part, ctx());
    expect(plain.details?.alignmentDeg).toBe(0);
  });
});
