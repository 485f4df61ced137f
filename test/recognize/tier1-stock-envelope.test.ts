/**
 * The stock-envelope test and Tier 1's stock arbitration (docs/recognition.md, "Why Tier 1 called stock
 * faces features"): on a hand-authored plate (aligned and rotated), and on FTC-09 (D16), whose two large
 * plate faces the network calls `through_hole` at 0.87 — real OpenCascade tessellation, real onnxruntime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import type { InferenceEngine } from '../../src/inference/index.js';
import { createAagnetRecognizer, ENVELOPE_STOCK_PROBABILITY } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { envelopeFaces } from '../../src/stages/recognize/tier1-aagnet/stock-envelope.js';
import type { RecognizeContext } from '../../src/stages/recognize/index.js';
import { rotateStepText } from '../../tools/eval/rotate-step.js';
import { mulberry32, randomRotation } from '../../tools/eval/seeded-rotation.js';
import { REALWORLD_DIR, REPO_DIR } from '../support/shared-data.js';

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1');
const noop = () => undefined;
const ctx: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

/** STEP ids of the flagged faces. */
const flagged = (part: Part, flags: Uint8Array) => part.faces.filter((_, i) => flags[i] === 1).map((f) => f.stepId).sort((a, b) => a! - b!);

describe('envelopeFaces (B-Rep only, hand-authored plate with a hole and a pocket)', () => {
  const part = buildPartFromStep(readStep(fixtureText('plate-hole-pocket')));

  it('flags exactly the six planar faces on the bounding box; the pocket floor and walls and the hole are inside', () => {
    const flags = envelopeFaces(part, { rotation: null });
    expect(flags.reduce((s, v) => s + v, 0)).toBe(6);
    const { min, max } = part.summary.bbox;
    part.faces.forEach((f, i) => {
      if (flags[i] !== 1) return;
      expect(f.surfaceType).toBe('plane');
      // its vertices all lie on one side of the bounding box
      const pts = f.bounds.flatMap((b) => b.coedges.map((c) => part.vertices[part.edges[c.edge].start].point));
      const onSide = [0, 1, 2].some((d) => pts.every((p) => Math.abs(p[d] - min[d]) < 1e-9) || pts.every((p) => Math.abs(p[d] - max[d]) < 1e-9));
      expect(onSide).toBe(true);
    });
    // the faces not flagged: the hole's cylinder and the pocket's floor and four walls
    expect(part.faces.filter((_, i) => flags[i] === 0).map((f) => f.surfaceType).sort()).toEqual(['cylinder', 'plane', 'plane', 'plane', 'plane', 'plane']);
  });

  for (const seed of [3, 11]) {
    it(`rotated by seeded random rotation ${seed}: the same faces, found in the aligned frame`, () => {
      const rotated = buildPartFromStep(readStep(rotateStepText(fixtureText('plate-hole-pocket'), randomRotation(mulberry32(seed))).text));
      expect(flagged(rotated, envelopeFaces(rotated))).toEqual(flagged(part, envelopeFaces(part, { rotation: null })));
    });
  }
});

const D16 = join(REALWORLD_DIR, 'parts', 'D16__nist_ftc_09_asme1_rd.stp');
const HAS_D16 = existsSync(D16);

describe.skipIf(!HAS_D16)(`Tier 1 stock arbitration on FTC-09 (D16, labels/realworld/D16.json)${HAS_D16 ? '' : ` — skipped: ${D16} not found`}`, () => {
  let engine: InferenceEngine;
  let tessellator: Tessellator;
  let part: Part;
  const labels = JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'D16.json'), 'utf8')) as { faces: Record<string, { class: string }> };
  beforeAll(async () => {
    engine = await createOnnxNodeEngine();
    tessellator = createOcctWorkerTessellator();
    const bytes = new Uint8Array(readFileSync(D16));
    part = attachTessellation(buildPartFromStep(readStep(bytes)), await tessellator.tessellate(bytes, 'step'));
  }, 120_000);
  afterAll(async () => {
    await engine?.dispose();
    await tessellator?.close();
  });

  it('the network calls labelled-stock envelope faces features; with the arbitration they are stock and in no feature', async () => {
    const onEnvelope = envelopeFaces(part);
    const stockOnEnvelope = part.faces.filter((f, i) => onEnvelope[i] === 1 && labels.faces[String(f.stepId)]?.class === 'stock').map((f) => f.index);
    expect(stockOnEnvelope.length).toBeGreaterThanOrEqual(2);

    const bare = await createAagnetRecognizer({ engine, measureParameters: false, stockEnvelope: false }).recognize(part, ctx);
    const bareClass = new Map(bare.faces.map((f) => [f.faceIndex, f.className]));
    expect(stockOnEnvelope.filter((i) => bareClass.get(i) !== 'stock').length).toBeGreaterThanOrEqual(2);

    const out = await createAagnetRecognizer({ engine, measureParameters: false }).recognize(part, ctx);
    const byFace = new Map(out.faces.map((f) => [f.faceIndex, f]));
    for (const i of stockOnEnvelope) expect(byFace.get(i)!.className).toBe('stock');
    const overruled = stockOnEnvelope.filter((i) => bareClass.get(i) !== 'stock');
    for (const i of overruled) {
      expect(byFace.get(i)!.probability).toBe(ENVELOPE_STOCK_PROBABILITY);
      expect(byFace.get(i)!.bottom).toBe(false);
      expect(out.features.some((feat) => feat.faces.includes(i) || feat.bottomFaces.includes(i))).toBe(false);
    }
    expect((out.details as { envelopeStockFaces: number }).envelopeStockFaces).toBe(out.faces.filter((f) => onEnvelope[f.faceIndex] === 1 && bareClass.get(f.faceIndex) !== 'stock').length);
    // every other face keeps the network's class
    for (const f of out.faces) if (onEnvelope[f.faceIndex] !== 1) expect(f.className).toBe(bareClass.get(f.faceIndex));
  });
});

describe('Tier 1 declines faces without geometry', () => {
  const part = buildPartFromStep(readStep(fixtureText('plate-hole-pocket')));
  let engine: InferenceEngine;
  beforeAll(async () => {
    engine = await createOnnxNodeEngine();
  });
  afterAll(() => engine?.dispose());

  it('a face whose surface is missing: out_of_domain, and recognize is never reached', async () => {
    const broken: Part = { ...part, faces: part.faces.map((f, i) => (i === 3 ? { ...f, surface: null } : f)) };
    const r = createAagnetRecognizer({ engine });
    expect(await r.canRecognize(part, ctx)).toEqual({ ok: true });
    expect(await r.canRecognize(broken, ctx)).toEqual({ ok: false, reason: 'out_of_domain', detail: '1 of 12 faces have no geometry (no surface or no area)' });
  });

  it('faces mapped to a tessellation without triangles: out_of_domain', async () => {
    const mapped: Part = { ...part, faces: part.faces.map((f) => ({ ...f, mapping: { status: 'order' as const, occtFaceIndex: f.index, maxDeviationMm: null } })) };
    expect(await createAagnetRecognizer({ engine }).canRecognize(mapped, ctx)).toEqual({
      ok: false,
      reason: 'out_of_domain',
      detail: 'faces are mapped to a tessellation that has no triangles',
    });
  });
});

const D03 = join(REALWORLD_DIR, 'parts', 'D03__transmission_pulley_at3_t10_motor.STEP');
const HAS_D03 = existsSync(D03);

describe.skipIf(!HAS_D03)(`envelopeFaces on a turned part (D03 pulley, labels/realworld/D03.json)${HAS_D03 ? '' : ` — skipped: ${D03} not found`}`, () => {
  it('the tooth tips (segments of the largest diameter, convex cylinders spanning the envelope) are flagged, and all are labelled stock', async () => {
    const tessellator = createOcctWorkerTessellator();
    try {
      const bytes = new Uint8Array(readFileSync(D03));
      const part = attachTessellation(buildPartFromStep(readStep(bytes)), await tessellator.tessellate(bytes, 'step'));
      const labels = JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'D03.json'), 'utf8')) as { faces: Record<string, { class: string }> };
      const flags = envelopeFaces(part);
      const cylinders = part.faces.filter((f, i) => flags[i] === 1 && f.surfaceType === 'cylinder');
      expect(cylinders.length).toBeGreaterThanOrEqual(10);
      for (const f of cylinders) {
        expect(f.reversed).toBe(false);
        expect(labels.faces[String(f.stepId)].class).toBe('stock');
      }
      // no concave cylinder (the bore) is flagged
      expect(part.faces.some((f, i) => flags[i] === 1 && f.surfaceType === 'cylinder' && f.reversed)).toBe(false);
    } finally {
      await tessellator.close();
    }
  }, 120_000);
});
