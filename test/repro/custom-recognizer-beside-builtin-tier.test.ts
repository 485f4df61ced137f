/**
 * An embedder's Tier 2 recognizer placed in front of the defaults used to replace the built-in Tier 2: the
 * orchestrator took the first Tier 2 answer and asked only Tier 1 beside it, so the heuristics never ran and
 * every face the custom recognizer did not label went to Tier 1 (or stayed unlabelled with Tier 1 absent).
 * Now the later recognizers of the answering tier are asked too and each face keeps the first class given to
 * it in preference order (`other_feature` counts as no class): adding a recognizer keeps the built-in ones.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createDefaultRecognizers } from '../../src/runtime/node/default-recognizers.js';
import { createHeuristicRecognizer, defineRecognizer, runRecognizers, type RecognitionOutput, type Recognizer } from '../../src/stages/recognize/index.js';
import { mergeSameTierAnswers } from '../../src/stages/recognize/merge-same-tier.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const part = buildPartFromStep(readStep(readFileSync(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url))));
const cylinder = part.faces.find((f) => f.surface?.type === 'cylinder')!.index;
const ORING = 11;
const OTHER_FEATURE = 25;

/** Labels the plate's one cylinder an O-ring groove (the built-in says through hole) and one other face `other_feature`. */
const acme = defineRecognizer({
  id: 'acme/holes',
  tier: 2,
  nominalConfidence: 0.7,
  canRecognize: () => ({ ok: true }),
  recognize: async (): Promise<RecognitionOutput> => ({
    faces: [
      { faceIndex: cylinder, stepId: null, classId: ORING, className: 'Oring', probability: 0.9 },
      { faceIndex: 0, stepId: null, classId: OTHER_FEATURE, className: 'other_feature', probability: 0.5 },
    ],
    features: [{ type: 'Oring', classId: ORING, faces: [cylinder], bottomFaces: [], confidence: 0.9, parameters: { acmeGrooveWidthMm: 2 } }],
    confidence: 0.9,
  }),
});

describe('a custom Tier 2 recognizer in front of the built-in one adds to it', () => {
  it('the built-in Tier 2 labels every face the custom one leaves out or calls other_feature', async () => {
    const alone = (await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext())).result;
    const { result } = await runRecognizers(part, [acme, createHeuristicRecognizer()], testRecognizeContext());
    expect(result.recognizer).toBe('acme/holes');
    expect(result.skipped).toEqual([]);
    expect(result.faces).toHaveLength(part.faces.length);
    const byFace = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    expect(byFace.get(cylinder)).toBe('Oring');
    for (const f of alone.faces) if (f.faceIndex !== cylinder) expect([f.faceIndex, byFace.get(f.faceIndex)]).toEqual([f.faceIndex, f.className]);
    // the custom feature is kept (its own parameters); the built-in's through hole lost its face to it
    expect(result.features.map((f) => f.type).sort()).toEqual(['Oring', 'rectangular_pocket']);
    expect(result.features.find((f) => f.type === 'Oring')!.parameters).toEqual({ acmeGrooveWidthMm: 2 });
  });

  it('with the defaults (Tier 1 on onnxruntime-node), the built-in Tier 2 still answers and Tier 1 is still combined', async () => {
    const recognizers: Recognizer[] = [acme, ...createDefaultRecognizers()];
    try {
      const { result } = await runRecognizers(part, recognizers, testRecognizeContext());
      expect(result.skipped).toEqual([]); // AAGNet and the heuristics both answered
      expect(result.faces).toHaveLength(part.faces.length);
      expect(result.faces.find((f) => f.faceIndex === cylinder)).toMatchObject({ className: 'Oring', tier: 2 });
      // Tier 2 (custom + built-in) labels every face with a class here, so Tier 1 only wins where it sees stock
      const tier1Faces = result.faces.filter((f) => f.tier === 1);
      for (const f of tier1Faces) expect(f.className).toBe('stock');
      expect(result.features.some((f) => f.type === 'rectangular_pocket')).toBe(true);
    } finally {
      for (const r of recognizers) await r.dispose?.();
    }
  });

  it('combine: false keeps the first answer alone (the escape hatch)', async () => {
    const { result } = await runRecognizers(part, [acme, createHeuristicRecognizer()], testRecognizeContext(), { combine: false });
    expect(result.faces.map((f) => f.faceIndex).sort((a, b) => a - b)).toEqual([0, cylinder].sort((a, b) => a - b));
  });

  it('a later same-tier recognizer that fails is in skipped; the earlier answer stands', async () => {
    const broken = defineRecognizer({ id: 'acme/broken', tier: 2, nominalConfidence: 0.5, canRecognize: () => ({ ok: true }), recognize: async () => Promise.reject(new Error('down')) });
    const { result } = await runRecognizers(part, [acme, broken, createHeuristicRecognizer()], testRecognizeContext());
    expect(result.skipped).toMatchObject([{ recognizer: 'acme/broken', reason: 'error:INTERNAL' }]);
    expect(result.faces).toHaveLength(part.faces.length);
  });
});

describe('mergeSameTierAnswers (hand-written answers)', () => {
  const face = (faceIndex: number, classId: number, probability: number) => ({ faceIndex, stepId: null, classId, className: `c${classId}`, probability });
  it('first class wins per face, other_feature is no class, features keep the faces their answer won', () => {
    const first: RecognitionOutput = {
      faces: [face(0, 1, 0.9), face(1, OTHER_FEATURE, 0.2)],
      features: [{ type: 'c1', classId: 1, faces: [0], bottomFaces: [], confidence: 0.9, parameters: {} }],
      confidence: 0.9,
      details: { who: 'first' },
    };
    const later: RecognitionOutput = {
      faces: [face(0, 12, 0.8), face(1, 14, 0.6), face(2, OTHER_FEATURE, 0.1)],
      features: [
        { type: 'c12', classId: 12, faces: [0], bottomFaces: [], confidence: 0.8, parameters: {} },
        { type: 'c14', classId: 14, faces: [1], bottomFaces: [1], confidence: 0.6, parameters: {} },
      ],
      confidence: 0.5,
    };
    const out = mergeSameTierAnswers([first, later]);
    expect(out.faces.map((f) => [f.faceIndex, f.classId])).toEqual([
      [0, 1],
      [1, 14],
      [2, OTHER_FEATURE],
    ]);
    expect(out.features.map((f) => [f.type, f.faces, f.bottomFaces])).toEqual([
      ['c1', [0], []],
      ['c14', [1], [1]],
    ]);
    expect(out.confidence).toBeCloseTo((0.9 + 0.6 + 0.1) / 3, 12);
    expect(out.details).toEqual({ who: 'first' });
    expect(mergeSameTierAnswers([first])).toBe(first);
  });
});
