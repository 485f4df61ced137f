import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ortWeb from 'onnxruntime-web';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createAagnetRecognizer, type Recognizer, type RecognizeContext } from '../../src/stages/recognize/index.js';
import { createOnnxWebEngine } from '../../src/runtime/browser/onnx-web-engine.js';
import { bundledModelPath } from '../../src/runtime/node/onnx-engine.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

// The same recognizer on the browser runtime: onnxruntime-web's wasm backend, run in Node (no
// WebGPU in Node 20, so ['webgpu', 'wasm'] falls back to wasm and the result says so).
const fx = JSON.parse(readFileSync(new URL('../inference/fixtures/aagnet-partA-gaag.json', import.meta.url), 'utf8'));
const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

describe.skipIf(!HAS_SHARED)(`Tier 1 on onnxruntime-web (wasm) ${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  let tier1: Recognizer;
  beforeAll(() => {
    ortWeb.env.wasm.numThreads = 1;
    const model = readFileSync(bundledModelPath());
    tier1 = createAagnetRecognizer({ engineFactory: () => createOnnxWebEngine({ model, ort: ortWeb }) });
  });
  afterAll(() => tier1?.dispose?.());

  it('partA: the torch reference classes and the same features; details.provider = wasm', async () => {
    const part = buildPartFromStep(readStep(readFileSync(join(SHARED_DIR, 'models', 'aagnet', 'partA.step'))));
    expect(await tier1.canRecognize(part, ctx())).toEqual({ ok: true });
    const out = await tier1.recognize(part, ctx());
    expect(out.details?.provider).toBe('wasm');
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    expect(out.features.map((f) => `${f.type}:${f.faces.join(',')}`).sort()).toEqual([
      'rectangular_pocket:16,17,18,19,20,21,26,27,28,29,30,31',
      'rectangular_through_slot:13,14,15',
      'rectangular_through_slot:4,5,6,23,24,25',
      'through_hole:10',
      'through_hole:11',
    ]);
  }, 60_000);
});
