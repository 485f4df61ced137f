import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { AAGNET_CALIBRATION, AAGNET_MODEL_SHA256, type AagnetInputs, type InferenceEngine } from '../../src/inference/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { buildMeshDerivedPart } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/occt-worker-tessellator.js';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import { defineRecognizer, guardWithBreaker, type RecognizeContext, type Recognizer } from '../../src/stages/recognize/index.js';
import { createAagnetRecognizer, type GaagExtractor } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { runRecognizerContract } from '../../src/testing/index.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';
import { aagnetFixtureInputs } from '../support/aagnet-fixture.js';

// partA's gAAG as OpenCascade computes it (via FreeCAD) with torch's outputs: the extractor-independent
// ground truth for the recognizer (models/tools, test/inference/fixtures).
const fx = JSON.parse(readFileSync(new URL('../inference/fixtures/aagnet-partA-gaag.json', import.meta.url), 'utf8'));
const fixtureInputs = (): AagnetInputs => aagnetFixtureInputs(fx);
const identityOrder = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The OpenCascade-built partA gAAG, for partA only. */
const fixtureExtractor: GaagExtractor = (part) => {
  if (part.faces.length !== fx.N) throw new Error('fixture extractor only knows partA');
  return { inputs: fixtureInputs(), faceOrder: identityOrder(fx.N), warnings: [] };
};

const AAGNET_DIR = join(SHARED_DIR, 'models', 'aagnet');
const REALWORLD = join(SHARED_DIR, 'datasets', 'realworld');
const partFromStep = (path: string): Part => buildPartFromStep(readStep(readFileSync(path)));
const ctx = (signal: AbortSignal = new AbortController().signal): RecognizeContext => {
  const noop = () => undefined;
  return { signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
};

const skip = HAS_SHARED ? false : NO_SHARED_REASON;

describe.skipIf(!HAS_SHARED)(`Tier 1 AAGNet recognizer on partA (real onnxruntime-node)${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  let engine: InferenceEngine;
  let partA: Part;
  beforeAll(async () => {
    engine = await createOnnxNodeEngine();
    partA = partFromStep(join(AAGNET_DIR, 'partA.step'));
  });
  afterAll(() => engine?.dispose());

  it('per-face classes equal the torch reference argmax, keyed by STEP id, confidence ≈ 1 (uncalibrated)', async () => {
    const r = createAagnetRecognizer({ engine, extract: fixtureExtractor, calibration: null });
    expect(await r.canRecognize(partA, ctx())).toEqual({ ok: true });
    const out = await r.recognize(partA, ctx());
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    expect(out.faces.map((f) => f.stepId)).toEqual(partA.faces.map((f) => f.stepId));
    expect(out.faces[16].className).toBe('rectangular_pocket');
    expect(out.faces[0].className).toBe('stock');
    expect(out.confidence).toBeGreaterThan(0.99);
    expect(out.details).toMatchObject({ provider: 'cpu', faceCount: 32, edgeCount: 176 });
    // bottom flags: exactly the faces the torch bottom logits mark
    expect(out.faces.filter((f) => f.bottom).map((f) => f.faceIndex)).toEqual(
      (fx.outputs.bottomLogits as number[]).flatMap((v, i) => (v > 0 ? [i] : [])),
    );
  });

  it('calibrated by default: each probability is the softmax of the torch logits divided by the shipped temperature; classes unchanged', async () => {
    const r = createAagnetRecognizer({ engine, extract: fixtureExtractor });
    const out = await r.recognize(partA, ctx());
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    const T = AAGNET_CALIBRATION.temperature;
    expect(T).toBeGreaterThan(1);
    const logits = fx.outputs.segLogits as number[];
    out.faces.forEach((f, i) => {
      const row = logits.slice(i * 25, i * 25 + 25).map((x) => x / T);
      const m = Math.max(...row);
      const expected = Math.exp(row[f.classId] - m) / row.reduce((s, x) => s + Math.exp(x - m), 0);
      expect(f.probability).toBeCloseTo(expected, 4);
    });
    expect(out.confidence).toBeCloseTo(out.faces.reduce((s, f) => s + f.probability, 0) / out.faces.length, 9);
    expect(out.details).toMatchObject({ temperature: T });
  });

  it('a calibration temperature that is not a positive finite number is CONFIG_INVALID', () => {
    for (const temperature of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createAagnetRecognizer({ engine, calibration: { temperature } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('features: the reference grouping with the through-hole split, and parameters measured from the B-Rep', async () => {
    const r = createAagnetRecognizer({ engine, extract: fixtureExtractor });
    const out = await r.recognize(partA, ctx());
    const summary = out.features.map((f) => `${f.type}:${f.faces.join(',')}`).sort();
    expect(summary).toEqual([
      'rectangular_pocket:16,17,18,19,20,21,26,27,28,29,30,31',
      'rectangular_through_slot:13,14,15',
      'rectangular_through_slot:4,5,6,23,24,25',
      'through_hole:10',
      'through_hole:11',
    ]);
    // partA is written in metres: the Part is in mm. Hole diameters = 2 × the cylinders' radii.
    const holes = out.features.filter((f) => f.type === 'through_hole');
    for (const h of holes) {
      const s = partA.faces[h.faces[0]].surface;
      expect(s?.type).toBe('cylinder');
      expect(h.parameters.diameterMm).toBeCloseTo(2 * (s as { radius: number }).radius, 5);
      expect(h.bottomFaces).toEqual([]);
    }
    // The hole runs through the 26 m thick plate between the top (z = 50 m) and the step floor (z = 24 m).
    expect(holes[0].parameters.depthMm).toBeCloseTo(26000, 3);
    // Slot 13–15: floor 14 is the bottom; depth = wall height; length = the part's full extent along it.
    const slot = out.features.find((f) => f.faces.join() === '13,14,15')!;
    expect(slot.bottomFaces).toEqual([14]);
    expect(Object.keys(slot.parameters).sort()).toEqual(['depthMm', 'lengthMm', 'widthMm']);
    const floor = partA.faces[14];
    const walls = [13, 15].map((i) => partA.faces[i]);
    // depth: the walls' extent along the floor normal (walls are bounded by straight edges)
    const n = (floor.surface as { frame: { z: number[] } }).frame.z;
    const heights = walls.flatMap((w) =>
      w.bounds.flatMap((b) => b.coedges.flatMap((c) => [partA.edges[c.edge].start, partA.edges[c.edge].end])).map((v) => {
        const p = partA.vertices[v].point;
        return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
      }),
    );
    expect(slot.parameters.depthMm).toBeCloseTo(Math.max(...heights) - Math.min(...heights), 6);
    // width: distance between the two parallel wall planes
    const [w0, w1] = walls.map((w) => w.surface as { frame: { origin: number[]; z: number[] } });
    const gap = Math.abs(w0.frame.z.reduce((s, z, k) => s + z * (w1.frame.origin[k] - w0.frame.origin[k]), 0));
    expect(slot.parameters.widthMm).toBeCloseTo(gap, 6);
    const pocket = out.features.find((f) => f.type === 'rectangular_pocket')!;
    expect(pocket.parameters.depthMm).toBeGreaterThan(0);
    expect(pocket.parameters.widthMm).toBeLessThanOrEqual(pocket.parameters.lengthMm);
  });

  it('NaN in an input tensor is caught before inference (INFERENCE_BAD_INPUT, the engine never runs)', async () => {
    let runs = 0;
    const counting: InferenceEngine = { ...engine, run: (i, o) => (runs++, engine.run(i, o)), dispose: async () => undefined };
    const r = createAagnetRecognizer({
      engine: counting,
      extract: (p) => {
        const e = fixtureExtractor(p);
        (e.inputs.faceGrid as Float32Array)[123] = Number.NaN;
        return e;
      },
    });
    const err = await r.recognize(partA, ctx()).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('INFERENCE_BAD_INPUT');
    expect(runs).toBe(0);
    const inf = createAagnetRecognizer({
      engine: counting,
      extract: (p) => {
        const e = fixtureExtractor(p);
        (e.inputs.edgeAttr as Float32Array)[5] = Number.POSITIVE_INFINITY;
        return e;
      },
    });
    const err2 = await inf.recognize(partA, ctx()).catch((e: unknown) => e);
    expect(isCadlensError(err2) && err2.code).toBe('INFERENCE_BAD_INPUT');
    expect(runs).toBe(0);
  });

  it('a graph over maxFaces is declined (out_of_domain, GRAPH_TOO_LARGE) before extraction', async () => {
    let extracted = 0;
    const r = createAagnetRecognizer({ engine, maxFaces: 31, extract: (p) => (extracted++, fixtureExtractor(p)) });
    const can = await r.canRecognize(partA, ctx());
    expect(can).toEqual({ ok: false, reason: 'out_of_domain', detail: 'GRAPH_TOO_LARGE: 32 faces, the limit is 31' });
    expect(extracted).toBe(0);
  });

  it('extraction warnings decline the part with the warning in the detail (unless accepted)', async () => {
    const warned: GaagExtractor = (p) => ({ ...fixtureExtractor(p), warnings: [{ code: 'unsupported-surface', message: 'surface_of_revolution', nodes: [3], outOfDomain: true }] });
    const r = createAagnetRecognizer({ engine, extract: warned });
    const can = await r.canRecognize(partA, ctx());
    expect(can.ok).toBe(false);
    expect(!can.ok && can.reason).toBe('out_of_domain');
    expect(!can.ok && can.detail).toMatch(/^gAAG extraction: unsupported-surface: surface_of_revolution \(nodes 3\)$/);
    const informational: GaagExtractor = (p) => ({ ...fixtureExtractor(p), warnings: [{ code: 'sampled-boundary', message: 'x', outOfDomain: false }] });
    expect(await createAagnetRecognizer({ engine, extract: informational }).canRecognize(partA, ctx())).toEqual({ ok: true });
    const lenient = createAagnetRecognizer({ engine, extract: warned, acceptWarnings: () => true });
    expect(await lenient.canRecognize(partA, ctx())).toEqual({ ok: true });
  });

  it('aborting rejects with ABORTED', async () => {
    const r = createAagnetRecognizer({ engine, extract: fixtureExtractor });
    const c = new AbortController();
    c.abort();
    const err = await r.recognize(partA, ctx(c.signal)).catch((e: unknown) => e);
    expect(isCadlensError(err) && err.code).toBe('ABORTED');
  });

  it('the engine is created once by the factory and reused, and disposed with the recognizer', async () => {
    let created = 0;
    let disposed = 0;
    const r = createAagnetRecognizer({
      engineFactory: async () => {
        created++;
        const e = await createOnnxNodeEngine();
        return { ...e, run: e.run, dispose: async () => (disposed++, e.dispose()) };
      },
      extract: fixtureExtractor,
    });
    await Promise.all([r.canRecognize(partA, ctx()), r.canRecognize(partA, ctx())]);
    await r.recognize(partA, ctx());
    await r.recognize(partA, ctx());
    expect(created).toBe(1);
    await r.dispose!();
    await r.dispose!();
    expect(disposed).toBe(1);
  });
});

describe.skipIf(!HAS_SHARED)(`Tier 1 with the TypeScript gAAG extractor on partA/B/C${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  let tier1: Recognizer;
  /** The network's own probabilities (the reference prototype's figures are uncalibrated). */
  let tier1Raw: Recognizer;
  /** The published network with its calibration. */
  let tier1Published: Recognizer;
  beforeAll(() => {
    tier1 = createDefaultRecognizers()[0];
    tier1Published = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine() });
    tier1Raw = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine(), calibration: null });
  });
  afterAll(async () => {
    await tier1?.dispose?.();
    await tier1Raw?.dispose?.();
    await tier1Published?.dispose?.();
  });
  const run = async (name: string, recognizer: () => Recognizer = () => tier1) => {
    const part = partFromStep(join(AAGNET_DIR, name));
    expect(await recognizer().canRecognize(part, ctx())).toEqual({ ok: true });
    return { part, out: await recognizer().recognize(part, ctx()) };
  };
  const features = (out: { features: { type: string }[] }) => out.features.map((f) => f.type).sort();

  it('partA: per-face classes equal the torch reference argmax; the same five features as from the OpenCascade gAAG', async () => {
    // the reference is the published network's (the default Node Tier 1 runs the fine-tune: below)
    const { out } = await run('partA.step', () => tier1Published);
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    expect(out.features.map((f) => `${f.type}:${f.faces.join(',')}`).sort()).toEqual([
      'rectangular_pocket:16,17,18,19,20,21,26,27,28,29,30,31',
      'rectangular_through_slot:13,14,15',
      'rectangular_through_slot:4,5,6,23,24,25',
      'through_hole:10',
      'through_hole:11',
    ]);
    expect(out.details).toMatchObject({ provider: 'cpu', faceCount: 32, edgeCount: 176 });
  });

  it('partA with the default network (the fine-tune): the same per-face classes as the reference', async () => {
    const { out } = await run('partA.step');
    expect(out.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
    expect(out.details).toMatchObject({ provider: 'cpu', faceCount: 32, edgeCount: 176 });
  });

  it('partB: 3 rectangular through slots and 1 rectangular pocket (reference §9.4), min uncalibrated face probability ≥ 0.99', async () => {
    const { out } = await run('partB.step', () => tier1Raw);
    expect(features(out)).toEqual(['rectangular_pocket', 'rectangular_through_slot', 'rectangular_through_slot', 'rectangular_through_slot']);
    expect(Math.min(...out.faces.map((f) => f.probability))).toBeGreaterThan(0.99);
  });

  it('partC: the feature kinds the reference lists, blind hole diameter = 2 × its cylinder radius', async () => {
    const { part, out } = await run('partC.step', () => tier1Raw);
    expect(new Set(features(out))).toEqual(
      new Set(['6sides_passage', 'rectangular_through_slot', 'rectangular_pocket', 'rectangular_passage', 'v_circular_end_blind_slot', 'triangular_through_slot', 'blind_hole']),
    );
    expect(Math.min(...out.faces.map((f) => f.probability))).toBeGreaterThan(0.97); // reference prototype: 0.983
    const hole = out.features.find((f) => f.type === 'blind_hole')!;
    const cyl = hole.faces.map((i) => part.faces[i].surface).find((s) => s?.type === 'cylinder') as { radius: number };
    expect(hole.parameters.diameterMm).toBeCloseTo(2 * cyl.radius, 6);
    expect(hole.bottomFaces).toHaveLength(1);
    expect(hole.parameters.depthMm).toBeGreaterThan(0);
    const slot = out.features.find((f) => f.type === 'v_circular_end_blind_slot')!;
    expect(slot.parameters.radiusMm).toBeCloseTo(1, 6);
    expect(slot.parameters.widthMm).toBeCloseTo(2, 6); // width = end diameter
  });
});

describe.skipIf(!HAS_SHARED)(`Tier 1 declines out-of-domain parts${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  let engine: InferenceEngine;
  beforeAll(async () => {
    engine = await createOnnxNodeEngine();
  });
  afterAll(() => engine?.dispose());
  const never: GaagExtractor = () => {
    throw new Error('extraction must not run for a declined part');
  };

  it('a B-spline-heavy real-world part (D27 wrist, 63 of 291 faces written as B-splines): out_of_domain', async () => {
    const part = partFromStep(join(REALWORLD, 'parts', 'D27__Wrist_Roll_Pitch_SO101.step'));
    const can = await createAagnetRecognizer({ engine, extract: never }).canRecognize(part, ctx());
    // faces read by their canonical kind: the B-splines that are exactly planes or cylinders do not count
    expect(can).toEqual({ ok: false, reason: 'out_of_domain', detail: expect.stringMatching(/^\d+ of 291 faces are free-form \(bspline\)/) });
    expect(Number(/^(\d+)/.exec((can as { detail: string }).detail)![1])).toBeGreaterThan(29);
    // read by the types as written (canonicalKinds: false), all 63
    const asWritten = await createAagnetRecognizer({ engine, extract: never, canonicalKinds: false }).canRecognize(part, ctx());
    expect(asWritten).toEqual({ ok: false, reason: 'out_of_domain', detail: expect.stringMatching(/^63 of 291 faces are free-form \(bspline\)/) });
  });

  it('two solids (D37 red cube + blue cylinder): out_of_domain', async () => {
    const r = createAagnetRecognizer({ engine, extract: never });
    const can = await r.canRecognize(partFromStep(join(REALWORLD, 'parts', 'D37__red_cube_blue_cylinder.step')), ctx());
    expect(can).toEqual({ ok: false, reason: 'out_of_domain', detail: '2 solids (AAGNet takes one)' });
  });

  it('curves only, no solid (malformed m42): out_of_domain', async () => {
    const r = createAagnetRecognizer({ engine, extract: never });
    const can = await r.canRecognize(partFromStep(join(REALWORLD, 'malformed', 'm42_curves_only_no_solid.step')), ctx());
    expect(can).toEqual({ ok: false, reason: 'out_of_domain', detail: 'no solid (AAGNet takes one closed solid)' });
  });
});

describe.skipIf(!HAS_SHARED)(`Tier 1 inside analyze(): degradation, breaker, mesh input${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  let dir: string;
  let corruptModel: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-tier1-'));
    corruptModel = join(dir, 'aagnet-mfinstseg.onnx');
    const bytes = readFileSync(new URL('../../models/aagnet-mfinstseg.onnx', import.meta.url));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(corruptModel, bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A user-supplied last-resort recognizer (the public extension point), so degradation is visible
  // in the result: it answers whatever Tier 1 declines.
  const fallback: Recognizer = defineRecognizer({
    id: 'test-fallback',
    tier: 4,
    nominalConfidence: 0.4,
    canRecognize: () => ({ ok: true }),
    recognize: async () => ({ faces: [], features: [], confidence: 0.4 }),
  });

  it('corrupt model file: Tier 1 declines model_unavailable (MODEL_CORRUPT) and the analysis degrades to the next tier', async () => {
    const tier1 = createAagnetRecognizer({
      engineFactory: (signal) => createOnnxNodeEngine({ modelPath: corruptModel, expectedSha256: AAGNET_MODEL_SHA256, ...(signal ? { signal } : {}) }),
      extract: fixtureExtractor,
    });
    const analyzer = createNodeAnalyzer({ recognizers: [tier1, fallback] });
    try {
      const result = await analyzer.analyzeFile(join(AAGNET_DIR, 'partA.step'));
      expect(result.error).toBeUndefined();
      expect(result.recognition?.recognizer).toBe('test-fallback');
      expect(result.recognition?.skipped).toEqual([
        { tier: 1, recognizer: 'aagnet', reason: 'model_unavailable', detail: expect.stringMatching(/^MODEL_CORRUPT: /) },
      ]);
    } finally {
      await analyzer.dispose();
    }
  }, 60_000);

  it('breaker open: Tier 1 is skipped with breaker_open without running; partA through analyze() otherwise gets Tier 1', async () => {
    const breaker = new CircuitBreaker({ name: 'aagnet' });
    const tier1 = guardWithBreaker(createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine(), extract: fixtureExtractor }), breaker);
    const analyzer = createNodeAnalyzer({ recognizers: [tier1, fallback] });
    try {
      const ok = await analyzer.analyzeFile(join(AAGNET_DIR, 'partA.step'));
      expect(ok.recognition?.tier).toBe(1);
      expect(ok.recognition?.faces.map((f) => f.classId)).toEqual(fx.referenceArgmax);
      expect(ok.recognition?.features.map((f) => f.type).sort()).toEqual([
        'rectangular_pocket',
        'rectangular_through_slot',
        'rectangular_through_slot',
        'through_hole',
        'through_hole',
      ]);
      breaker.isolate();
      const open = await analyzer.analyzeFile(join(AAGNET_DIR, 'partA.step'));
      expect(open.recognition?.recognizer).toBe('test-fallback');
      expect(open.recognition?.skipped).toEqual([{ tier: 1, recognizer: 'aagnet', reason: 'breaker_open', detail: 'isolated' }]);
    } finally {
      await analyzer.dispose();
    }
  }, 60_000);

  it('a mesh-derived part (partA through occt-import-js, faces from the tessellation only): declined no_brep', async () => {
    const tessellator = createOcctWorkerTessellator();
    try {
      const occt = await tessellator.tessellate(new Uint8Array(readFileSync(join(AAGNET_DIR, 'partA.step'))), 'step');
      const meshDerived = buildMeshDerivedPart(occt, 'brep');
      expect(meshDerived.brepSource).toBe('mesh-derived');
      const tier1 = createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine(), extract: fixtureExtractor });
      expect(await tier1.canRecognize(meshDerived, ctx())).toEqual({ ok: false, reason: 'no_brep', detail: 'B-Rep source is mesh-derived' });
    } finally {
      await tessellator.close();
    }
  }, 60_000);
});

runRecognizerContract(
  'aagnet (Tier 1, onnxruntime-node, partA)',
  async () => {
    const partA = partFromStep(join(AAGNET_DIR, 'partA.step'));
    const mesh: Part = { ...partFromStep(join(AAGNET_DIR, 'partB.step')), brepSource: 'mesh-only' };
    return {
      recognizer: createAagnetRecognizer({ engineFactory: () => createOnnxNodeEngine(), extract: fixtureExtractor }),
      accepts: [{ name: 'partA', part: partA }],
      declines: [
        { name: 'D27 (B-spline-heavy)', part: partFromStep(join(REALWORLD, 'parts', 'D27__Wrist_Roll_Pitch_SO101.step')), reason: 'out_of_domain', detail: /free-form/ },
        { name: 'partB relabelled mesh-only', part: mesh, reason: 'no_brep' },
      ],
    };
  },
  { skip },
);
