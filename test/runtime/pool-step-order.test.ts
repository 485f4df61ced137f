import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createAnalyzerPool } from '../../src/runtime/node/pool/index.js';

const cube = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));

describe('createAnalyzerPool: every step of a job reaches its listeners before the job resolves (real workers)', () => {
  // Many short jobs on two workers: the reply (piscina's channel) and the steps (the job's own port) race the
  // most when a job is short. Before the fix 12 to 15 of 60 such jobs resolved without their last step.
  const pool = createAnalyzerPool({ workers: 2, maxQueue: 100, analyzer: { recognize: false } });
  afterAll(() => pool.close());

  it('40 validate jobs of cube.step: each one has all its steps, in order, when its promise resolves; events end with completed', async () => {
    const events = new Map<number, string[]>();
    const sub = pool.onProgress((e) => {
      const list = events.get(e.jobId) ?? [];
      list.push(e.type === 'step' ? `step:${e.step}` : e.type);
      events.set(e.jobId, list);
    });
    const stepsAtResolve = await Promise.all(
      Array.from({ length: 40 }, () => {
        const steps: string[] = [];
        // The copy is taken in the resolution callback: what the caller has seen when the result is handed out.
        return pool.analyzeFile(cube, { onProgress: (s) => steps.push(s) }).then(() => [...steps]);
      }),
    );
    sub.dispose();
    for (const steps of stepsAtResolve) expect(steps).toEqual(['format', 'parse', 'tessellate', 'geometry']);
    expect(events.size).toBe(40);
    for (const list of events.values()) expect(list).toEqual(['queued', 'started', 'step:format', 'step:parse', 'step:tessellate', 'step:geometry', 'completed']);
  });
});
