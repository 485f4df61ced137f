/**
 * Issue 10 / 9: a MAPPED_ITEM chain 20,000 levels deep made `buildPartFromStep` throw an untyped
 * `RangeError: Maximum call stack size exceeded` after ~25 s (every representation re-walked the chain
 * below it: quadratic time, and a recursive walk). Now the nesting is checked once, iteratively, before
 * any solid is built: deeper than 64 levels is `PART_BAD_ENTITY` (like offset and trimmed chains).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { MAX_INSTANCE_NESTING } from '../../src/brep/instancing.js';
import { isCadlensError } from '../../src/errors/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { instancedCubeStep, thrown } from '../support/hostile-step.js';

describe('repro: deep MAPPED_ITEM chains get a typed permanent error, in linear time', () => {
  it(`${MAX_INSTANCE_NESTING} levels still build (the cube, 6 faces)`, () => {
    expect(buildPartFromStep(readStep(instancedCubeStep(MAX_INSTANCE_NESTING))).faces).toHaveLength(6);
  });

  for (const depth of [MAX_INSTANCE_NESTING + 1, 5_000, 20_000]) {
    it(`${depth} levels → PART_BAD_ENTITY, permanent, no RangeError`, () => {
      const file = readStep(instancedCubeStep(depth));
      const e = thrown(() => buildPartFromStep(file));
      expect(isCadlensError(e)).toBe(true);
      if (!isCadlensError(e)) return;
      expect(e.code).toBe('PART_BAD_ENTITY');
      expect(e.kind).toBe('permanent');
      expect(e.message).toContain(`more than ${MAX_INSTANCE_NESTING} levels`);
    });
  }

  it('a 20,000-level cycle is STEP_REFERENCE_CYCLE or the nesting error, never a stack overflow', () => {
    const e = thrown(() => buildPartFromStep(readStep(instancedCubeStep(20_000, 1, true))));
    expect(isCadlensError(e) && ['STEP_REFERENCE_CYCLE', 'PART_BAD_ENTITY'].includes(e.code)).toBe(true);
    const short = thrown(() => buildPartFromStep(readStep(instancedCubeStep(10, 1, true))));
    expect(isCadlensError(short) && short.code).toBe('STEP_REFERENCE_CYCLE');
  });

  it('through the analyzer: the error slot says PART_BAD_ENTITY (permanent) and the result passes the schema', async () => {
    const analyzer = createNodeAnalyzer({ recognizers: [] });
    try {
      const result = await analyzer.analyze(new TextEncoder().encode(instancedCubeStep(20_000)), { name: 'deep.step' });
      expect(analysisResultSchema.safeParse(result).success).toBe(true);
      expect(result.error?.code).toBe('PART_BAD_ENTITY');
      expect(result.error?.kind).toBe('permanent');
    } finally {
      await analyzer.dispose();
    }
  }, 60_000);
});
