import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { CadlensError } from '../../src/errors/index.js';
import { CircuitBreaker, createAuditTrail, createDeadLetterQueue, createMetrics } from '../../src/resilience/index.js';
import { defineRecognizer, guardWithBreaker } from '../../src/stages/recognize/index.js';
import { createMemoryStores } from '../../adapters/memory/index.js';

const cube = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url))));

/**
 * The resilience layer around a real analysis: a user recognizer that fails like an unavailable ML
 * service sits behind a CircuitBreaker; a second user recognizer answers at a lower tier. Real stores
 * (memory adapter), real DLQ, audit trail and metrics.
 */
describe('resilience wiring in analyze(): breaker-guarded tier, dead letters, audit, metrics', () => {
  const stores = createMemoryStores();
  const audit = createAuditTrail({ store: stores.audit });
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit, includeInputBytes: true });
  let now = Date.parse('2026-11-28T12:00:00Z');
  const clock = { now: () => now, sleep: async () => undefined } as never;
  const breaker = new CircuitBreaker({ name: 'flaky-ml', failureThreshold: 2, timeoutMs: 60_000, audit, clock });
  const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters, breaker });
  let mlCalls = 0;
  const flakyMl = defineRecognizer({
    id: 'flaky-ml',
    tier: 1,
    nominalConfidence: 0.95,
    canRecognize: () => ({ ok: true }),
    async recognize() {
      mlCalls++;
      throw new CadlensError('INFERENCE_FAILED', 'inference service unreachable', { kind: 'transient', stage: 'recognize' });
    },
  });
  const fallback = defineRecognizer({
    id: 'count-faces',
    tier: 4,
    nominalConfidence: 0.4,
    canRecognize: () => ({ ok: true }),
    async recognize(part) {
      return {
        faces: part.faces.map((f) => ({ faceIndex: f.index, stepId: f.stepId, classId: 24, className: 'stock', probability: 0.4 })),
        features: [],
        confidence: 0.4,
      };
    },
  });
  const analyzer = createNodeAnalyzer({ recognizers: [guardWithBreaker(flakyMl, breaker), fallback], audit, deadLetters, metrics });
  afterAll(() => analyzer.dispose());

  it('a failing tier degrades to the next one and is dead-lettered with its classification', async () => {
    const result = await analyzer.analyze(cube, { name: 'cube.step' });
    expect(result.recognition?.tier).toBe(4);
    expect(result.recognition?.skipped).toEqual([
      { tier: 1, recognizer: 'flaky-ml', reason: 'error:INFERENCE_FAILED', detail: 'inference service unreachable' },
    ]);
    const letters = await deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'recognize', tier: 'tier1', status: 'pending', error: { code: 'INFERENCE_FAILED', kind: 'transient' } });
    expect(letters[0].input.sha256).toBe(result.input.sha256);
  });

  it('after the threshold the breaker opens: the tier is skipped as breaker_open without being called, and the opening is audited', async () => {
    await analyzer.analyze(cube, { name: 'cube.step' }); // second failure opens the breaker
    expect(breaker.state).toBe('open');
    const callsBefore = mlCalls;
    const result = await analyzer.analyze(cube, { name: 'cube.step' });
    expect(mlCalls).toBe(callsBefore);
    expect(result.recognition?.tier).toBe(4);
    expect(result.recognition?.skipped[0]).toMatchObject({ tier: 1, reason: 'breaker_open' });
    const opened = await audit.query({ type: 'circuit_breaker_opened' });
    expect(opened).toHaveLength(1);
    const complete = await audit.query({ type: 'processing_complete' });
    expect(complete.length).toBe(3);
    expect(complete[2].details).toMatchObject({ tier: 4, quality: 1 });
    expect((await audit.query({ type: 'validation_complete' })).length).toBe(3);
  });

  it('an input that cannot be analysed is dead-lettered as permanent; metrics count it', async () => {
    const result = await analyzer.analyze(new TextEncoder().encode('ISO-10303-21;\nHEADER;\n'), { name: 'broken.step' });
    expect(result.error?.kind).toBe('permanent');
    const permanent = await deadLetters.list({ error_type: 'permanent' });
    expect(permanent).toHaveLength(1);
    expect(permanent[0].error.code).toBe(result.error!.code);
    const snap = await metrics.snapshot();
    expect(snap.performance.requests_last_hour).toBe(4);
    expect(snap.dead_letter_queue.by_error_type).toEqual({ transient: 2, permanent: 1, systemic: 0 });
    expect(snap.circuit_breaker.state).toBe('open');
    // 3 analysed parts out of 4 requests, each recognized at tier 4 (one failed before recognition).
    // One scale everywhere: each part scored result.quality.score = 1 (0–1), so the mean is 1, not 100.
    expect(snap.quality.avg_quality_score).toBeCloseTo(1, 6);
  });

  it('redrive re-runs the dead-lettered analyses once the cause is gone, nothing lost', async () => {
    const fixed = createNodeAnalyzer({ recognizers: [fallback] });
    try {
      const result = await deadLetters.redrive({ filter: { error_type: 'transient' }, limit: 10 }, async (record) => {
        const bytes = Uint8Array.from(Buffer.from(record.input.bytes!, 'base64'));
        const r = await fixed.analyze(bytes, { name: record.input.name });
        if (r.error || !r.recognition) throw new Error('still failing');
      });
      expect(result).toMatchObject({ attempted: 2, reprocessed: 2, failed: 0 });
      expect((await deadLetters.list({ status: 'reprocessed' })).length).toBe(2);
      expect((await deadLetters.list({ status: 'pending' })).length).toBe(1);
    } finally {
      await fixed.dispose();
    }
  });
});

describe('when no tier answers', () => {
  it('the result still carries recognition with tier null and every skip reason', async () => {
    const declines = defineRecognizer({
      id: 'never',
      tier: 1,
      nominalConfidence: 0.9,
      canRecognize: () => ({ ok: false, reason: 'out_of_domain', detail: 'not my kind of part' }),
      recognize: async () => ({ faces: [], features: [], confidence: 0 }),
    });
    const analyzer = createNodeAnalyzer({ recognizers: [declines] });
    try {
      const result = await analyzer.analyze(cube, { name: 'cube.step' });
      expect(result.recognition).toEqual({
        tier: null,
        recognizer: null,
        nominalConfidence: 0,
        confidence: 0,
        skipped: [{ tier: 1, recognizer: 'never', reason: 'out_of_domain', detail: 'not my kind of part' }],
        faces: [],
        features: [],
      });
    } finally {
      await analyzer.dispose();
    }
  });
});
