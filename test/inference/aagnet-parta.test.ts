import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AAGNET_FACE_ATTR_DIM,
  decodeFacePredictions,
  groupAagnetInstances,
  type AagnetInputs,
  type AagnetOutputs,
  type InferenceEngine,
} from '../../src/inference/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { aagnetFixtureInputs } from '../support/aagnet-fixture.js';

// partA's gAAG as OpenCascade 7.6 computes it (models/tools/freecad_gaag.py, via FreeCAD), with the
// torch outputs, and the per-face argmax the AAGNet reference notes record for partA (9.4). This
// checks the converted model end to end on a real part: the argmax came from another implementation.
const fx = JSON.parse(readFileSync(new URL('./fixtures/aagnet-partA-gaag.json', import.meta.url), 'utf8'));

describe('AAGNet on partA (real gAAG, onnxruntime-node)', () => {
  let engine: InferenceEngine;
  let out: AagnetOutputs;
  const inputs: AagnetInputs = aagnetFixtureInputs(fx);
  beforeAll(async () => {
    engine = await createOnnxNodeEngine();
    out = await engine.run(inputs);
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('matches torch within 1e-4', () => {
    let d = 0;
    for (const [got, want] of [
      [out.segLogits, fx.outputs.segLogits],
      [out.instLogits, fx.outputs.instLogits],
      [out.bottomLogits, fx.outputs.bottomLogits],
    ] as [Float32Array, number[]][]) {
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
    }
    expect(d).toBeLessThanOrEqual(1e-4);
  });

  it("per-face classes equal the reference's partA argmax, all confident", () => {
    const p = decodeFacePredictions(out);
    expect([...p.classIds]).toEqual(fx.referenceArgmax);
    expect(Math.min(...p.classProbability)).toBeGreaterThan(0.99);
  });

  it('instances: through slots, one 2-face through-hole proposal (split in two by centroids), pockets', () => {
    const summary = (list: ReturnType<typeof groupAagnetInstances>) =>
      list.map((i) => `${i.className}:${i.faces.length}`).sort();
    const plain = groupAagnetInstances(out);
    expect(plain.filter((i) => i.className === 'through_hole').map((i) => i.faces)).toEqual([[10, 11]]);
    expect(plain.every((i) => i.confidence > 0.99)).toBe(true);
    // The reference notes describe the same: two through-slot proposals (one merges two slots), a
    // 2-face through-hole proposal (two separate holes) and a 12-face pocket group.
    expect(summary(plain)).toEqual([
      'rectangular_pocket:12',
      'rectangular_through_slot:3',
      'rectangular_through_slot:6',
      'through_hole:2',
    ]);
    const centroids = new Float64Array(fx.N * 3);
    for (let f = 0; f < fx.N; f++)
      for (let d = 0; d < 3; d++) centroids[f * 3 + d] = inputs.faceAttr[f * AAGNET_FACE_ATTR_DIM + 7 + d];
    const split = groupAagnetInstances(out, { faceCentroids: centroids });
    expect(split.filter((i) => i.className === 'through_hole').map((i) => i.faces)).toEqual([[10], [11]]);
  });
});
