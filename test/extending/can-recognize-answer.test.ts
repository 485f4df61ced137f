import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createDeadLetterQueue } from '../../src/resilience/index.js';
import { defineRecognizer, type CanRecognize, type Recognizer } from '../../src/stages/recognize/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';

const plate = new Uint8Array(readFileSync(fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url))));

/** An embedder's Tier 2 recognizer (in front of the built-in one) whose `canRecognize` does `can()`. */
const deciding = (id: string, can: () => unknown): Recognizer =>
  defineRecognizer({
    id,
    tier: 2,
    nominalConfidence: 0.7,
    canRecognize: () => can() as CanRecognize | Promise<CanRecognize>,
    recognize: async () => ({ faces: [], features: [], confidence: 0 }),
  });

/**
 * `canRecognize` is a recognizer call like `recognize` (new-user trial, session 24): before, one that never settled
 * held the analysis for good — past `recognizeTimeoutMs` and past the call's own `signal` — and a decline without a
 * reason (`{ ok: false }`) put a skip without `reason` in the result, which the result contract requires. Now the
 * deadline covers it (`timeout`), a malformed answer fails the tier (`error:RECOGNIZER_FAILED`, dead-lettered), and
 * the next tier answers.
 */
describe('canRecognize: under the per-call deadline, its answer checked', () => {
  const stores = createMemoryStores();
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters });

  it('a canRecognize that never settles is skipped as timeout after recognizeTimeoutMs; Tier 2 answers', async () => {
    await using analyzer = createNodeAnalyzer({
      mesh: 'never',
      recognizeTimeoutMs: 150,
      recognizers: [deciding('acme/hung-decision', () => new Promise(() => undefined)), createHeuristicRecognizer()],
    });
    const result = await analyzer.analyze(plate, { name: 'plate-hole-pocket.step', signal: AbortSignal.timeout(20_000) });
    expect(result.recognition?.recognizer).toBe('aag-heuristics');
    expect(result.recognition?.skipped[0]).toMatchObject({ recognizer: 'acme/hung-decision', reason: 'timeout' });
  });

  const malformed: [string, () => unknown, RegExp][] = [
    ['a decline without a reason', () => ({ ok: false }), /a decline without a reason/],
    ['no answer at all', () => undefined, /the answer is undefined, not \{ ok \}/],
    ['ok that is not a boolean', () => ({ ok: 'yes' }), /ok is yes, not true or false/],
  ];
  for (const [name, can, detail] of malformed) {
    it(`${name}: error:RECOGNIZER_FAILED with the problem, dead-lettered as permanent; Tier 2 answers`, async () => {
      await using analyzer = createNodeAnalyzer({ mesh: 'never', deadLetters, recognizers: [deciding('acme/odd-decision', can), createHeuristicRecognizer()] });
      const result = await analyzer.analyze(plate, { name: 'plate-hole-pocket.step' });
      const recognition = result.recognition!;
      expect(recognition.recognizer).toBe('aag-heuristics');
      expect(recognition.skipped).toHaveLength(1);
      expect(recognition.skipped[0]).toMatchObject({ recognizer: 'acme/odd-decision', reason: 'error:RECOGNIZER_FAILED' });
      expect(recognition.skipped[0].detail).toMatch(detail);
      const letters = await deadLetters.list({ code: 'RECOGNIZER_FAILED' });
      expect(letters.some((l) => l.requestId === result.requestId && l.tier === 'tier2' && l.error.kind === 'permanent')).toBe(true);
    });
  }

  it('a decline with a reason is still a plain skip, not a failure', async () => {
    await using analyzer = createNodeAnalyzer({
      mesh: 'never',
      recognizers: [deciding('acme/declines', () => ({ ok: false, reason: 'out_of_domain', detail: 'not ours' })), createHeuristicRecognizer()],
    });
    const result = await analyzer.analyze(plate, { name: 'plate-hole-pocket.step' });
    expect(result.recognition?.skipped[0]).toEqual({ tier: 2, recognizer: 'acme/declines', reason: 'out_of_domain', detail: 'not ours' });
  });
});
