import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, type AnalyzeStep } from '../../src/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { defineRecognizer, type Recognizer } from '../../src/stages/recognize/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { comparable } from '../support/comparable-result.js';

// An abort driven by a timer (AbortSignal.timeout, a deadline) can only fire when the main thread returns to the
// event loop. With a signal, the analysis does so between its long synchronous steps (and every few ms while it
// measures faces or runs the Tier 2 rules), so the abort stops it before the next step. No assertion on time.
const bytesOf = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url))));

/** Tier 2 as shipped, recording each call. */
function observedTier2(calls: string[]): Recognizer {
  const inner = createHeuristicRecognizer();
  return defineRecognizer({
    id: inner.id,
    tier: inner.tier,
    nominalConfidence: inner.nominalConfidence,
    canRecognize: (part, ctx) => inner.canRecognize(part, ctx),
    recognize: (part, ctx) => {
      calls.push('recognize');
      return inner.recognize(part, ctx);
    },
  });
}

/** `mesh: 'never'` never loads OpenCascade: a tessellator that says so if it is asked. */
const noTessellator: Tessellator = {
  tessellate: () => Promise.reject(new Error('mesh: never must not tessellate')),
  close: async () => {},
};

/** Runs one analysis whose signal is aborted by a timer set when `step` starts; returns the steps seen and the outcome. */
async function abortAtStep(name: string, step: AnalyzeStep) {
  const steps: AnalyzeStep[] = [];
  const calls: string[] = [];
  const analyzer = createAnalyzer({ tessellator: noTessellator, mesh: 'never', recognizers: [observedTier2(calls)] });
  const controller = new AbortController();
  const outcome = await analyzer
    .analyze(bytesOf(name), {
      signal: controller.signal,
      onProgress: (s) => {
        steps.push(s);
        if (s === step) setTimeout(() => controller.abort(new Error('deadline')), 0);
      },
    })
    .then(
      () => 'resolved',
      (e: unknown) => (isCadlensError(e) ? e.code : String(e)),
    );
  return { steps, calls, outcome };
}

describe('a timer-driven abort during long synchronous work', () => {
  // threaded-hole.step: a part whose STEP read alone outlasts the 1 ms abort timer, so the timer is due at the first
  // boundary or, at the latest, the one after it (a boundary yields one cheap event-loop turn, not a timer's).
  it('set when the parse step starts, stops the analysis before the next step (threaded-hole.step)', async () => {
    const { steps, calls, outcome } = await abortAtStep('threaded-hole.step', 'parse');
    expect(outcome).toBe('ABORTED');
    expect(steps).toEqual(['format', 'parse']);
    expect(calls).toEqual([]);
  });

  it('set when the geometry step starts, stops the analysis inside recognition at the latest: Tier 2 does not run its rules (threaded-hole.step)', async () => {
    const { steps, outcome } = await abortAtStep('threaded-hole.step', 'geometry');
    expect(outcome).toBe('ABORTED');
    expect(steps.slice(0, 3)).toEqual(['format', 'parse', 'geometry']);
  });
});

describe('an analysis with a signal that does not abort', () => {
  const tessellator = createOcctWorkerTessellator();
  afterAll(() => tessellator.close());

  it.each(['through-holes-block.step', 'plate-hole-pocket.step', 'fillet-block.step', 'assembly-two-parts.step'])(
    "gives the result it gives without one (mesh: 'never', %s)",
    async (name) => {
      const analyzer = createAnalyzer({ tessellator: noTessellator, mesh: 'never', recognizers: [createHeuristicRecognizer()] });
      const without = await analyzer.analyze(bytesOf(name));
      const withSignal = await analyzer.analyze(bytesOf(name), { signal: new AbortController().signal });
      expect(withSignal.recognition?.faces.length).toBeGreaterThan(0);
      expect(comparable(withSignal)).toEqual(comparable(without));
    },
  );

  it("gives the result it gives without one (mesh: 'always', OpenCascade's worker, through-holes-tube.step)", async () => {
    const analyzer = createAnalyzer({ tessellator, recognizers: [createHeuristicRecognizer()] });
    const without = await analyzer.analyze(bytesOf('through-holes-tube.step'));
    const withSignal = await analyzer.analyze(bytesOf('through-holes-tube.step'), { signal: AbortSignal.timeout(600_000) });
    expect(withSignal.error).toBeUndefined();
    expect(withSignal.recognition?.faces.length).toBeGreaterThan(0);
    expect(comparable(withSignal)).toEqual(comparable(without));
  }, 120_000);
});
