import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ortWeb from 'onnxruntime-web';
import { isCadlensError, type CadlensError } from '../../src/errors/index.js';
import {
  AAGNET_CALIBRATION,
  AAGNET_FT_CALIBRATION,
  AAGNET_FT_MODEL_FILE,
  AAGNET_FT_MODEL_SHA256,
  AAGNET_MODEL_SHA256,
  defaultCalibrationFor,
  type AagnetInputs,
  type InferenceEngine,
} from '../../src/inference/index.js';
import { bundledModelPath, createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createOnnxWebEngine } from '../../src/runtime/browser/onnx-web-engine.js';
import { aagnetFixtureInputs } from '../support/aagnet-fixture.js';

// onnxruntime-web's wasm backend, run in Node (no browser, no WebGPU here: Node 20 has no
// navigator.gpu, so the default ['webgpu', 'wasm'] must fall back to wasm). The WebGPU path
// itself needs a Chromium test.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/aagnet-small.json', import.meta.url), 'utf8'));
const fixtureInputs = (): AagnetInputs => aagnetFixtureInputs(fixture);

async function rejection(p: Promise<unknown>): Promise<CadlensError> {
  try {
    await p;
  } catch (err) {
    if (isCadlensError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('createOnnxWebEngine (onnxruntime-web wasm backend in Node)', () => {
  let engine: InferenceEngine;
  const bytes = readFileSync(bundledModelPath());
  beforeAll(async () => {
    ortWeb.env.wasm.numThreads = 1;
    engine = await createOnnxWebEngine({ model: bytes, ort: ortWeb });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('falls back from webgpu to wasm and reports wasm', () => {
    expect(engine.provider).toBe('wasm');
    expect(engine.id).toBe('aagnet-mfinstseg@onnxruntime-web');
  });

  it('matches the stored torch outputs of the fixture graph within 1e-4', async () => {
    const out = await engine.run(fixtureInputs());
    let d = 0;
    const pairs: [Float32Array, number[]][] = [
      [out.segLogits, fixture.outputs.segLogits],
      [out.instLogits, fixture.outputs.instLogits],
      [out.bottomLogits, fixture.outputs.bottomLogits],
    ];
    for (const [got, want] of pairs) {
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
    }
    expect(d).toBeLessThanOrEqual(1e-4);
  });

  it('the fine-tuned bundled model is named by its sha256 (aagnet-cadlens-ft), so Tier 1 picks its calibration; `network` names bytes the check cannot', async () => {
    const ftBytes = readFileSync(bundledModelPath(AAGNET_FT_MODEL_FILE));
    const ft = await createOnnxWebEngine({ model: ftBytes, ort: ortWeb, executionProviders: ['wasm'] });
    const unchecked = await createOnnxWebEngine({ model: ftBytes, ort: ortWeb, executionProviders: ['wasm'], expectedSha256: null, network: 'cadlens-ft' });
    try {
      expect(ft.id).toBe('aagnet-cadlens-ft@onnxruntime-web');
      expect(defaultCalibrationFor(ft.id)).toBe(AAGNET_FT_CALIBRATION);
      expect(defaultCalibrationFor(engine.id)).toBe(AAGNET_CALIBRATION);
      expect(unchecked.id).toBe('aagnet-cadlens-ft@onnxruntime-web');
      // the same network as Node's: equal logits on the fixture graph (wasm vs cpu kernels)
      const node = await createOnnxNodeEngine({ model: 'cadlens-ft' });
      try {
        const a = await ft.run(fixtureInputs()), b = await node.run(fixtureInputs());
        let d = 0;
        for (let i = 0; i < a.segLogits.length; i++) d = Math.max(d, Math.abs(a.segLogits[i] - b.segLogits[i]));
        expect(d).toBeLessThanOrEqual(1e-4);
      } finally {
        await node.dispose();
      }
    } finally {
      await ft.dispose();
      await unchecked.dispose();
    }
  });

  it('bytes that are neither bundled model → MODEL_CORRUPT naming both expected hashes', async () => {
    const bad = new Uint8Array(bytes);
    bad[99] ^= 0xff;
    const err = await rejection(createOnnxWebEngine({ model: bad, ort: ortWeb, executionProviders: ['wasm'] }));
    expect(err.code).toBe('MODEL_CORRUPT');
    expect(err.details).toMatchObject({ expectedSha256: [AAGNET_FT_MODEL_SHA256, AAGNET_MODEL_SHA256] });
  });

  it('corrupt bytes → MODEL_CORRUPT (checked with crypto.subtle)', async () => {
    const bad = new Uint8Array(bytes);
    bad[1234] ^= 0xff;
    const err = await rejection(createOnnxWebEngine({ model: bad, ort: ortWeb, executionProviders: ['wasm'] }));
    expect([err.code, err.kind]).toEqual(['MODEL_CORRUPT', 'systemic']);
  });

  it('a failing fetch → MODEL_UNAVAILABLE; only webgpu requested without an adapter → MODEL_LOAD_FAILED', async () => {
    const notFound = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    const err = await rejection(createOnnxWebEngine({ model: 'http://127.0.0.1:1/m.onnx', fetch: notFound, ort: ortWeb }));
    expect([err.code, err.kind]).toEqual(['MODEL_UNAVAILABLE', 'systemic']);
    const err2 = await rejection(createOnnxWebEngine({ model: bytes, ort: ortWeb, executionProviders: ['webgpu'] }));
    expect(err2.code).toBe('MODEL_LOAD_FAILED');
  });

  it('a wrong model URL on a server that answers every path with index.html → MODEL_UNAVAILABLE naming the HTML, not MODEL_CORRUPT', async () => {
    // What Vite's dev server and `vite preview` do (found by driving the docs' minimal page in Chromium).
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html></html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assets/missing.onnx`;
      const err = await rejection(createOnnxWebEngine({ model: url, ort: ortWeb, executionProviders: ['wasm'] }));
      expect([err.code, err.kind]).toEqual(['MODEL_UNAVAILABLE', 'systemic']);
      expect(err.message).toMatch(/gave an HTML page, not the model: check the URL/);
      expect(err.details.reason).toBe('html-instead-of-model');
    } finally {
      server.close();
    }
  });
});
