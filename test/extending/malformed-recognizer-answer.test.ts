import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createDeadLetterQueue } from '../../src/resilience/index.js';
import { defineRecognizer, type RecognitionOutput, type Recognizer } from '../../src/stages/recognize/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';

const plate = new Uint8Array(readFileSync(fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url))));

/** An embedder's Tier 2 recognizer (in front of the built-in one) that answers `answer(faceCount)`. */
const answering = (id: string, answer: (faceCount: number) => unknown): Recognizer =>
  defineRecognizer({
    id,
    tier: 2,
    nominalConfidence: 0.7,
    canRecognize: () => ({ ok: true }),
    recognize: async (part) => answer(part.faces.length) as RecognitionOutput,
  });
const face = (faceIndex: number, probability = 0.7) => ({ faceIndex, stepId: null, classId: 1, className: 'through_hole', probability });

/**
 * A user recognizer whose answer breaks the shape every recognizer must keep is a failed tier, like one that throws:
 * skipped as `error:RECOGNIZER_FAILED` with the problem, dead-lettered, and the next tier answers. Before, a face
 * index past the part's faces went into the result, and a NaN probability became `null` in it.
 */
describe('a recognizer that answers out of shape fails its tier; the next tier answers', () => {
  const stores = createMemoryStores();
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters });
  const cases: [string, (n: number) => unknown, RegExp][] = [
    ['a face index past the part', (n) => ({ faces: [face(n + 1000)], features: [], confidence: 0.7 }), /face index \d+ is not a face of the part \(\d+ faces\)/],
    ['a NaN probability', () => ({ faces: [face(0, Number.NaN)], features: [], confidence: 0.7 }), /face 0: probability NaN is not in \[0, 1\]/],
    ['a face labelled twice', () => ({ faces: [face(0), face(0)], features: [], confidence: 0.7 }), /face 0 is labelled twice/],
    ['a confidence of 70 (a percentage)', () => ({ faces: [face(0)], features: [], confidence: 70 }), /confidence 70 is not in \[0, 1\]/],
    [
      'a feature on a face the part does not have',
      () => ({ faces: [face(0)], features: [{ type: 'through_hole', classId: 1, faces: [0, 99_999], bottomFaces: [], confidence: 0.7, parameters: {} }], confidence: 0.7 }),
      /feature 0 \(through_hole\): faces must be faces of the part/,
    ],
    ['no answer at all', () => undefined, /the answer is undefined, not an object/],
    // New-user trial, session 24: these went into the result as they were, outside its documented 26 face classes.
    [
      'a face class outside the vocabulary',
      () => ({ faces: [{ ...face(0), classId: 999, className: 'banana' }], features: [], confidence: 0.7 }),
      /face 0: classId 999 is not a face class \(0–24 AAGNet, 25 other_feature\)/,
    ],
    [
      'a classId and className that disagree',
      () => ({ faces: [{ ...face(0), classId: 24, className: 'through_hole' }], features: [], confidence: 0.7 }),
      /face 0: className through_hole is not class 24's name \(stock\)/,
    ],
  ];
  const analyzers: { dispose(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const a of analyzers) await a.dispose();
  });

  for (const [name, answer, detail] of cases) {
    it(name, async () => {
      const analyzer = createNodeAnalyzer({ mesh: 'never', deadLetters, recognizers: [answering('acme/broken', answer), createHeuristicRecognizer()] });
      analyzers.push(analyzer);
      const { result, part } = await analyzer.analyzeDetailed(plate, { name: 'plate-hole-pocket.step' });
      const recognition = result.recognition!;
      expect(recognition.recognizer).toBe('aag-heuristics');
      expect(recognition.skipped).toHaveLength(1);
      expect(recognition.skipped[0]).toMatchObject({ recognizer: 'acme/broken', reason: 'error:RECOGNIZER_FAILED' });
      expect(recognition.skipped[0].detail).toMatch(detail);
      const faceCount = part!.faces.length;
      for (const f of recognition.faces) {
        expect(f.faceIndex).toBeLessThan(faceCount);
        expect(Number.isFinite(f.probability)).toBe(true);
      }
      const letters = await deadLetters.list({ code: 'RECOGNIZER_FAILED' });
      expect(letters.some((l) => l.requestId === result.requestId && l.tier === 'tier2' && l.error.kind === 'permanent')).toBe(true);
    });
  }
});

/**
 * A tier that calls a service which is down fails with Node's `TypeError: fetch failed`: its skip reason now carries
 * the code its dead letter has (`NETWORK`, transient), no longer `error:INTERNAL`. A real fetch to a closed port.
 */
describe('the skip reason of a failed tier is the code its dead letter gets', () => {
  it('fetch failed → error:NETWORK in skipped and NETWORK in the dead letter', async () => {
    const stores = createMemoryStores();
    const deadLetters = createDeadLetterQueue({ store: stores.deadLetters });
    const remote = defineRecognizer({
      id: 'acme/remote',
      tier: 2,
      nominalConfidence: 0.9,
      canRecognize: () => ({ ok: true }),
      async recognize(_part, ctx) {
        const response = await fetch('http://127.0.0.1:9/recognize', { method: 'POST', signal: ctx.signal });
        return (await response.json()) as RecognitionOutput;
      },
    });
    const analyzer = createNodeAnalyzer({ mesh: 'never', deadLetters, recognizers: [remote, createHeuristicRecognizer()] });
    try {
      const result = await analyzer.analyze(plate, { name: 'plate-hole-pocket.step' });
      expect(result.recognition?.recognizer).toBe('aag-heuristics');
      expect(result.recognition?.skipped).toEqual([{ tier: 2, recognizer: 'acme/remote', reason: 'error:NETWORK', detail: 'fetch failed' }]);
      const [letter] = await deadLetters.list();
      expect(letter.error).toMatchObject({ code: 'NETWORK', kind: 'transient' });
    } finally {
      await analyzer.dispose();
    }
  });
});
