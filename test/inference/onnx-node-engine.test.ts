import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCadlensError, type CadlensError } from '../../src/errors/index.js';
import {
  AAGNET_MODEL_FILE,
  AAGNET_MODEL_SHA256,
  AAGNET_NUM_CLASSES,
  decodeFacePredictions,
  type AagnetInputs,
  type InferenceEngine,
} from '../../src/inference/index.js';
import { bundledModelPath, createOnnxNodeEngine, findPackageRoot, sha256Hex } from '../../src/runtime/node/onnx-engine.js';
import { randomAagnetGraph } from './random-graph.js';
import { aagnetFixtureInputs } from '../support/aagnet-fixture.js';

interface Fixture {
  modelSha256: string;
  N: number;
  E: number;
  inputs: { faceAttr: number[]; faceGrid: number[]; edgeIndex: number[]; edgeAttr: number[] };
  outputs: { segLogits: number[]; instLogits: number[]; bottomLogits: number[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/aagnet-small.json', import.meta.url), 'utf8'),
) as Fixture;

async function rejection(p: Promise<unknown>): Promise<CadlensError> {
  try {
    await p;
  } catch (err) {
    if (isCadlensError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('bundled model files', () => {
  it('the model, manifest and TS constant agree on the sha256', () => {
    const root = findPackageRoot(new URL('.', import.meta.url).pathname)!;
    expect(root).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(root, 'models', 'manifest.json'), 'utf8'));
    const bytes = readFileSync(bundledModelPath());
    expect(bundledModelPath()).toBe(join(root, 'models', AAGNET_MODEL_FILE));
    expect(manifest.models[AAGNET_MODEL_FILE].sha256).toBe(sha256Hex(bytes));
    expect(AAGNET_MODEL_SHA256).toBe(sha256Hex(bytes));
    expect(fixture.modelSha256).toBe(AAGNET_MODEL_SHA256);
  });
});

describe('createOnnxNodeEngine on the real model (onnxruntime-node, CPU)', () => {
  let engine: InferenceEngine;
  beforeAll(async () => {
    engine = await createOnnxNodeEngine({ sessionOptions: { intraOpNumThreads: 1 } });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('reports id, provider and limits', () => {
    expect(engine.id).toBe('aagnet-mfinstseg@onnxruntime-node');
    expect(engine.provider).toBe('cpu');
    expect(engine.maxFaces).toBe(1000);
  });

  it.each([
    [10, 101],
    [200, 202],
  ])('runs a random graph of N=%i faces (seed %i) with the right output shapes, deterministically', async (n, seed) => {
    const g = randomAagnetGraph(n, 6, seed);
    const a = await engine.run(g);
    expect(a.faceCount).toBe(n);
    expect(a.segLogits).toHaveLength(n * AAGNET_NUM_CLASSES);
    expect(a.instLogits).toHaveLength(n * n);
    expect(a.bottomLogits).toHaveLength(n);
    expect(a.segLogits.every(Number.isFinite)).toBe(true);
    expect(a.instLogits.every(Number.isFinite)).toBe(true);
    const b = await engine.run(g);
    expect(maxAbsDiff(a.segLogits, b.segLogits)).toBe(0);
    expect(maxAbsDiff(a.instLogits, b.instLogits)).toBe(0);
    expect(maxAbsDiff(a.bottomLogits, b.bottomLogits)).toBe(0);
    const p = decodeFacePredictions(a);
    expect(p.classIds.every((k) => k < AAGNET_NUM_CLASSES)).toBe(true);
  });

  it('matches the stored torch outputs of the fixture graph within 1e-4', async () => {
    const inputs: AagnetInputs = aagnetFixtureInputs(fixture);
    const out = await engine.run(inputs);
    const d = Math.max(
      maxAbsDiff(out.segLogits, fixture.outputs.segLogits),
      maxAbsDiff(out.instLogits, fixture.outputs.instLogits),
      maxAbsDiff(out.bottomLogits, fixture.outputs.bottomLogits),
    );
    expect(d).toBeLessThanOrEqual(1e-4);
  });

  it('runs a graph with no edges (E = 0)', async () => {
    const g = randomAagnetGraph(3, 0, 4);
    expect(g.edgeCount).toBe(0);
    const out = await engine.run(g);
    expect(out.segLogits.every(Number.isFinite)).toBe(true);
  });

  it('rejects NaN input with INFERENCE_BAD_INPUT before inference', async () => {
    const g = randomAagnetGraph(10, 6, 7);
    g.faceGrid[17] = NaN;
    const err = await rejection(engine.run(g));
    expect([err.code, err.kind]).toEqual(['INFERENCE_BAD_INPUT', 'permanent']);
  });

  it('rejects more faces than maxFaces with GRAPH_TOO_LARGE', async () => {
    const small = await createOnnxNodeEngine({ maxFaces: 50 });
    try {
      const err = await rejection(small.run(randomAagnetGraph(51, 6, 8)));
      expect([err.code, err.kind]).toEqual(['GRAPH_TOO_LARGE', 'permanent']);
      await expect(small.run(randomAagnetGraph(50, 6, 8))).resolves.toBeDefined();
    } finally {
      await small.dispose();
    }
  });

  it('an already aborted signal rejects with ABORTED', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    const err = await rejection(engine.run(randomAagnetGraph(10, 6, 9), { signal: ac.signal }));
    expect(err.code).toBe('ABORTED');
  });
});

describe('createOnnxNodeEngine: with and without the memory arena (issue 12: Tier 1 peak memory)', () => {
  it('a session without the arena and memory pattern gives the same outputs as the default one, run after run and across sizes', async () => {
    const lean = await createOnnxNodeEngine({ sessionOptions: { enableCpuMemArena: false, enableMemPattern: false } });
    const arena = await createOnnxNodeEngine();
    try {
      // Large then small then large again: per-run allocation must not leave anything behind between runs.
      for (const [n, seed] of [
        [300, 7],
        [12, 8],
        [300, 7],
      ] as const) {
        const g = randomAagnetGraph(n, 6, seed);
        const a = await lean.run(g);
        const b = await arena.run(g);
        expect(maxAbsDiff(a.segLogits, b.segLogits)).toBeLessThan(1e-5);
        expect(maxAbsDiff(a.instLogits, b.instLogits)).toBeLessThan(1e-5);
        expect(maxAbsDiff(a.bottomLogits, b.bottomLogits)).toBeLessThan(1e-5);
      }
    } finally {
      await lean.dispose();
      await arena.dispose();
    }
  }, 60_000);
});

describe('createOnnxNodeEngine: model file problems are systemic errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-model-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a copy with flipped bytes → MODEL_CORRUPT (manifest beside it)', async () => {
    const modelPath = join(dir, AAGNET_MODEL_FILE);
    copyFileSync(bundledModelPath(), modelPath);
    copyFileSync(join(bundledModelPath(), '..', 'manifest.json'), join(dir, 'manifest.json'));
    const bytes = readFileSync(modelPath);
    for (const i of [1000, 500_000, bytes.length - 10]) bytes[i] ^= 0xff;
    writeFileSync(modelPath, bytes);
    const err = await rejection(createOnnxNodeEngine({ modelPath }));
    expect([err.code, err.kind, err.stage]).toEqual(['MODEL_CORRUPT', 'systemic', 'recognize']);
    expect(err.details).toMatchObject({ expectedSha256: AAGNET_MODEL_SHA256 });
  });

  it('a corrupt copy checked against an explicit expectedSha256 → MODEL_CORRUPT', async () => {
    const modelPath = join(dir, 'other.onnx');
    const bytes = readFileSync(bundledModelPath());
    bytes[42] ^= 0x01;
    writeFileSync(modelPath, bytes);
    const err = await rejection(createOnnxNodeEngine({ modelPath, expectedSha256: AAGNET_MODEL_SHA256 }));
    expect(err.code).toBe('MODEL_CORRUPT');
  });

  it('an unverified garbage file → MODEL_LOAD_FAILED (onnxruntime rejects it), never a crash', async () => {
    const modelPath = join(dir, 'garbage.onnx');
    writeFileSync(modelPath, Buffer.from('this is not an onnx model'));
    const err = await rejection(createOnnxNodeEngine({ modelPath }));
    expect([err.code, err.kind]).toEqual(['MODEL_LOAD_FAILED', 'systemic']);
  });

  it('a missing model file → MODEL_UNAVAILABLE', async () => {
    const err = await rejection(createOnnxNodeEngine({ modelPath: join(dir, 'missing.onnx') }));
    expect([err.code, err.kind]).toEqual(['MODEL_UNAVAILABLE', 'systemic']);
  });

  it("'cuda' without the CUDA execution provider falls back to the next provider, alone it fails", async () => {
    const e = await createOnnxNodeEngine({ executionProviders: ['cuda', 'cpu'] });
    try {
      // This machine has no CUDA build of onnxruntime-node; where one exists, 'cuda' is expected.
      expect(['cuda', 'cpu']).toContain(e.provider);
      await expect(e.run(randomAagnetGraph(5, 4, 1))).resolves.toBeDefined();
    } finally {
      await e.dispose();
    }
    if (e.provider === 'cpu') {
      const err = await rejection(createOnnxNodeEngine({ executionProviders: ['cuda'] }));
      expect(err.code).toBe('MODEL_LOAD_FAILED');
    }
  });

  it('run after dispose → USAGE', async () => {
    const e = await createOnnxNodeEngine();
    await e.dispose();
    await e.dispose(); // idempotent
    const err = await rejection(e.run(randomAagnetGraph(5, 4, 1)));
    expect(err.code).toBe('USAGE');
  });
});

describe('createOnnxNodeEngine: abort while running', () => {
  // onnxruntime-node executes a run synchronously on the JS thread (inside a setImmediate), so an
  // abort can only be observed before the native run starts or after it returns.
  it('aborting a pending run rejects with ABORTED and the engine stays usable', async () => {
    const engine = await createOnnxNodeEngine();
    try {
      const ac = new AbortController();
      const pending = engine.run(randomAagnetGraph(300, 6, 12), { signal: ac.signal });
      ac.abort(new Error('user cancelled'));
      const err = await rejection(pending);
      expect(err.code).toBe('ABORTED');
      await expect(engine.run(randomAagnetGraph(10, 6, 13))).resolves.toMatchObject({ faceCount: 10 });
    } finally {
      await engine.dispose();
    }
  });
});
