import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { CircuitBreaker, createManualClock } from '../../src/resilience/index.js';
import { defineRecognizer, guardWithBreaker, type Recognizer } from '../../src/stages/recognize/index.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';

const plate = new Uint8Array(readFileSync(fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url))));

/**
 * An embedder's tier whose dependency hangs and whose client ignores the abort signal (a library without abort
 * support; here a call that never settles): the analyzer's deadline skips it as `timeout`, and behind
 * `guardWithBreaker` each such deadline is now a failure of the breaker. Before, the hung call never settled, so the
 * breaker counted nothing and never opened, and a half-open probe that hung stayed "in progress" for good.
 */
describe('a hung recognizer behind a breaker: its deadlines open the breaker', () => {
  let calls = 0;
  const hung: Recognizer = defineRecognizer({
    id: 'acme/hung-service',
    tier: 1,
    nominalConfidence: 0.9,
    canRecognize: () => ({ ok: true }),
    recognize: () => {
      calls++;
      return new Promise(() => undefined); // ignores ctx.signal
    },
  });

  it('two deadlines open it; then the tier is skipped as breaker_open without a call; a hung probe re-opens it', async () => {
    const clock = createManualClock(Date.parse('2026-12-06T12:00:00Z'));
    const breaker = new CircuitBreaker({ name: 'hung', failureThreshold: 2, timeoutMs: 60_000, clock });
    await using analyzer = createNodeAnalyzer({
      mesh: 'never',
      recognizeTimeoutMs: 150,
      recognizers: [guardWithBreaker(hung, breaker), createHeuristicRecognizer()],
    });
    const analyse = () => analyzer.analyze(plate, { name: 'plate-hole-pocket.step' });

    for (let i = 0; i < 2; i++) {
      const result = await analyse();
      expect(result.recognition?.recognizer).toBe('aag-heuristics');
      expect(result.recognition?.skipped[0]).toMatchObject({ recognizer: 'acme/hung-service', reason: 'timeout' });
    }
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().failure_count).toBe(2);

    const skipped = await analyse();
    expect(calls).toBe(2);
    expect(skipped.recognition?.skipped[0]).toMatchObject({ recognizer: 'acme/hung-service', reason: 'breaker_open' });

    // After the breaker's timeout one probe is let through; it hangs too: its deadline sends the breaker back to open.
    clock.advance(60_001);
    const probe = await analyse();
    expect(calls).toBe(3);
    expect(probe.recognition?.skipped[0]).toMatchObject({ recognizer: 'acme/hung-service', reason: 'timeout' });
    expect(breaker.state).toBe('open');
  });
});
