/**
 * Found by the analyzer fuzz test (seed 0x5eed10, input 'cube-ap242.step: number 0. → 1.E300'): a valid
 * double of 1e300 as a point coordinate made the AAG's edge lengths Infinity (squared distances
 * overflow), so the result failed `analysisResultSchema`. Coordinates beyond ±1e12 mm are now refused
 * by the builder as `PART_BAD_ENTITY`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { cubeStepText } from '../support/hostile-step.js';

/** The cube with corner #30 (10,0,0) moved to x = `x`. */
const cubeWithX = (x: string) => cubeStepText().replace("#30=CARTESIAN_POINT('',(10.,0.,0.));", `#30=CARTESIAN_POINT('',(${x},0.,0.));`);

describe('repro: a coordinate of 1e300 must not put Infinity into the result', () => {
  const analyzer = createNodeAnalyzer({ recognizers: [] });
  afterAll(() => analyzer.dispose());

  it('the builder refuses it as PART_BAD_ENTITY on the vertex', () => {
    let error: unknown;
    try {
      buildPartFromStep(readStep(cubeWithX('1.E300')));
    } catch (e) {
      error = e;
    }
    expect(isCadlensError(error) && error.code).toBe('PART_BAD_ENTITY');
    expect(isCadlensError(error) && error.message).toContain('beyond');
  });

  it('a far but sane coordinate (1e11 mm) still builds', () => {
    expect(buildPartFromStep(readStep(cubeWithX('1.E11'))).faces).toHaveLength(6);
  });

  it('the analyzer result passes the schema and names the cause', async () => {
    const result = await analyzer.analyze(new TextEncoder().encode(cubeWithX('1.E300')), { name: 'far.step' });
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.error?.code).toBe('PART_BAD_ENTITY');
    expect(result.error?.kind).toBe('permanent');
  });
});
