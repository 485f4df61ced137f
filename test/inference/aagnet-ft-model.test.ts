/**
 * The second bundled Tier 1 model, `models/aagnet-cadlens-ft.onnx` (the published weights fine-tuned on
 * generated parts and MFCAD): its manifest entry, how an engine selects it (`model: 'cadlens-ft'`), the
 * calibration Tier 1 picks for it from the engine id, and `npm run eval --model` with it on the
 * hand-labelled generated fixtures. The default stays the published model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { AAGNET_CALIBRATION, AAGNET_FT_CALIBRATION, AAGNET_FT_MODEL_FILE, AAGNET_FT_MODEL_SHA256, AAGNET_MODEL_SHA256, AAGNET_STOCK_CLASS_ID, defaultCalibrationFor } from '../../src/inference/index.js';
import { extractGaag } from '../../src/features/gaag/index.js';
import { bundledModelPath, createOnnxNodeEngine, sha256Hex } from '../../src/runtime/node/onnx-engine.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/tier1-aagnet/index.js';
import type { RecognizeContext } from '../../src/stages/recognize/index.js';
import { runEvaluation } from '../../tools/eval/run-evaluation.js';
import { REPO_DIR } from '../support/shared-data.js';

const MODELS = join(REPO_DIR, 'models');
const FIX = join(REPO_DIR, 'test', 'fixtures', 'eval', 'synthetic');
const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

describe('models/aagnet-cadlens-ft.onnx', () => {
  it('has a manifest entry whose sha256 and size match the file, and is small (< 5 MB)', () => {
    const manifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as { models: Record<string, { sha256: string; bytes: number }> };
    const bytes = readFileSync(join(MODELS, AAGNET_FT_MODEL_FILE));
    expect(manifest.models[AAGNET_FT_MODEL_FILE]).toMatchObject({ sha256: sha256Hex(bytes), bytes: bytes.length });
    expect(bytes.length).toBeLessThan(5_000_000);
    expect(sha256Hex(bytes)).not.toBe(AAGNET_MODEL_SHA256);
    expect(AAGNET_FT_MODEL_SHA256).toBe(sha256Hex(bytes)); // the browser engine tells the networks apart by it
    expect(bundledModelPath(AAGNET_FT_MODEL_FILE)).toBe(join(MODELS, AAGNET_FT_MODEL_FILE));
  });

  it("an engine with model 'cadlens-ft' loads it (verified against the manifest); the default engine is the published model", async () => {
    const ft = await createOnnxNodeEngine({ model: 'cadlens-ft' });
    const published = await createOnnxNodeEngine();
    try {
      expect(ft.id).toBe('aagnet-cadlens-ft@onnxruntime-node');
      expect(published.id).toBe('aagnet-mfinstseg@onnxruntime-node');
      expect(defaultCalibrationFor(ft.id)).toBe(AAGNET_FT_CALIBRATION);
      expect(defaultCalibrationFor(published.id)).toBe(AAGNET_CALIBRATION);
    } finally {
      await ft.dispose();
      await published.dispose();
    }
    const err = await createOnnxNodeEngine({ model: 'other' as 'cadlens-ft' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCadlensError(err) && err.code).toBe('CONFIG_INVALID');
  });

  it("model 'cadlens-ft+stock' refuses one expectedSha256 for its two bundled files (CONFIG_INVALID, not MODEL_CORRUPT)", async () => {
    const err = await createOnnxNodeEngine({ model: 'cadlens-ft+stock', expectedSha256: 'a'.repeat(64) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCadlensError(err) && err.code).toBe('CONFIG_INVALID');
    expect((err as Error).message).toContain('expectedSha256');
  });

  it("model 'cadlens-ft+stock': the fine-tuned network's classes, the published network's logits (rescaled) wherever it calls stock", async () => {
    const part = buildPartFromStep(readStep(readFileSync(join(FIX, 'plate-hole-pocket.step'))));
    const { inputs } = extractGaag(part);
    const both = await createOnnxNodeEngine({ model: 'cadlens-ft+stock' });
    const ft = await createOnnxNodeEngine({ model: 'cadlens-ft' });
    const published = await createOnnxNodeEngine();
    try {
      expect(both.id).toBe('aagnet-cadlens-ft+stock@onnxruntime-node');
      expect(defaultCalibrationFor(both.id)).toBe(AAGNET_FT_CALIBRATION);
      const [out, a, b] = [await both.run(inputs), await ft.run(inputs), await published.run(inputs)];
      const scale = AAGNET_FT_CALIBRATION.temperature / AAGNET_CALIBRATION.temperature;
      let fromStock = 0;
      for (let node = 0; node < inputs.faceCount; node++) {
        const row = (x: Float32Array) => Array.from(x.subarray(node * 25, node * 25 + 25));
        const pub = row(b.segLogits);
        const saysStock = pub.indexOf(Math.max(...pub)) === AAGNET_STOCK_CLASS_ID;
        if (saysStock) fromStock++;
        const want = saysStock ? pub.map((v) => v * scale) : row(a.segLogits);
        row(out.segLogits).forEach((v, c) => expect(v).toBeCloseTo(want[c], 4));
      }
      expect(fromStock).toBeGreaterThan(0); // the plate's stock faces
      expect(fromStock).toBeLessThan(inputs.faceCount);
      expect(Array.from(out.instLogits)).toEqual(Array.from(a.instLogits));
      expect(Array.from(out.bottomLogits)).toEqual(Array.from(a.bottomLogits));
    } finally {
      await both.dispose();
      await ft.dispose();
      await published.dispose();
    }
    await expect(both.run(inputs)).rejects.toMatchObject({ code: 'USAGE' }); // disposed with both sessions
  }, 60_000);

  it('Tier 1 on a generated STEP part reports the calibration of the model its engine runs', async () => {
    const part = buildPartFromStep(readStep(readFileSync(join(FIX, 'plate-hole-pocket.step'))));
    for (const [model, calibration] of [
      ['cadlens-ft', AAGNET_FT_CALIBRATION],
      ['mfinstseg', AAGNET_CALIBRATION],
    ] as const) {
      const engine = await createOnnxNodeEngine({ model });
      try {
        const out = await createAagnetRecognizer({ engine, measureParameters: false }).recognize(part, CTX);
        expect(out.faces.length).toBe(part.faces.length);
        expect((out.details as { temperature?: number }).temperature).toBe(calibration.temperature);
      } finally {
        await engine.dispose();
      }
    }
  }, 60_000);

  it('npm run eval --model scores Tier 1 with it and names it in the report', async () => {
    const modelPath = join(MODELS, AAGNET_FT_MODEL_FILE);
    const ft = await runEvaluation({ set: 'synthetic', dir: FIX, tiers: ['1'], warmUp: false, modelPath }, REPO_DIR);
    const published = await runEvaluation({ set: 'synthetic', dir: FIX, tiers: ['1'], warmUp: false, engineModel: 'mfinstseg' }, REPO_DIR);
    const byDefault = await runEvaluation({ set: 'synthetic', dir: FIX, tiers: ['1'], warmUp: false }, REPO_DIR);
    expect(ft.model).toBe(AAGNET_FT_MODEL_FILE);
    expect(ft.modelSha256).toBe(sha256Hex(readFileSync(modelPath)));
    expect(published.model).toBeUndefined();
    expect(published.modelSha256).toBe(AAGNET_MODEL_SHA256);
    // Without a model named, the evaluator runs what the product's default Tier 1 runs: the fine-tuned network.
    expect(byDefault.engineModel).toBe('cadlens-ft');
    expect(byDefault.modelSha256).toBe(ft.modelSha256);
    expect(byDefault.results['1']!.faces.correct).toBe(ft.results['1']!.faces.correct);
    const a = ft.results['1']!.faces, b = published.results['1']!.faces;
    expect(a.faces).toBe(b.faces);
    // The fine-tuned network answers in the project's label convention: at least as many faces right.
    expect(a.correct).toBeGreaterThanOrEqual(b.correct);
  }, 120_000);
});
