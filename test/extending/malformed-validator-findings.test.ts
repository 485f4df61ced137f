import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { defaultGeometryValidators } from '../../src/stages/validate/index.js';
import { defineValidator } from '../../src/stages/validate/validator.js';
import type { GeometryContext } from '../../src/stages/validate/index.js';
import type { Finding } from '../../src/stages/validate/finding.js';

const PLATE = fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url));

/**
 * An embedder's validator that returns a finding the quality score cannot weigh is a failed validator, like one that
 * throws: one `VALIDATOR_FAILED` finding naming it and the problem. Before, `severity: 'fatal'` made the part's
 * quality score NaN (`null` in the JSON), and a validator returning nothing failed with "(intermediate value) is not
 * iterable".
 */
describe('a validator that returns malformed findings fails, the score stays a number', () => {
  const geometry = (validate: () => unknown) => [
    ...defaultGeometryValidators,
    defineValidator<GeometryContext>({ id: 'acme/v', stage: 'geometry', validate: validate as () => Finding[] }),
  ];
  const cases: [string, () => unknown, string][] = [
    ['a severity outside error/warning/info', () => [{ code: 'ACME_X', severity: 'fatal', message: 'x' }], `finding 0 (ACME_X) has severity "fatal", not 'error', 'warning' or 'info'`],
    ['no code', () => [{ severity: 'warning', message: 'x' }], 'finding 0 has no string code'],
    ['no message', () => [{ code: 'ACME_X', severity: 'warning' }], 'finding 0 (ACME_X) has no string message'],
    ['undefined instead of a list', () => undefined, 'it returned undefined, not an array of findings'],
  ];
  it.each(cases)('%s', async (_what, validate, problem) => {
    await using analyzer = createNodeAnalyzer({ mesh: 'never', recognize: false, validators: { geometry: geometry(validate) } });
    const result = await analyzer.analyzeFile(PLATE);
    const stage = result.stages.find((s) => s.name === 'geometry')!;
    expect(stage.findings.filter((f) => f.code.startsWith('ACME_'))).toEqual([]);
    expect(stage.findings).toContainEqual({ code: 'VALIDATOR_FAILED', severity: 'error', message: `validator acme/v failed: ${problem}` });
    expect(stage.passed).toBe(false);
    expect(Number.isFinite(result.quality.score)).toBe(true);
    expect(result.quality.score).toBeGreaterThanOrEqual(0);
    expect(result.quality.score).toBeLessThanOrEqual(1);
  });
});
