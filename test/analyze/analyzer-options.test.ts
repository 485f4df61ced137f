import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../../src/analyze/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createAnalyzerPool } from '../../src/runtime/node/pool/create-analyzer-pool.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { countingTessellator } from '../support/counting-tessellator.js';

/**
 * Option values that plain JavaScript (or a cast) can pass are refused when the analyzer is created,
 * with `CONFIG_INVALID` naming the option — before, an unknown `mesh` acted as `'always'`, `tier: 7`
 * skipped every tier and a negative `maxFileSizeMb` refused every file as `INTAKE_TOO_LARGE`.
 */
const PLATE = fileURLToPath(new URL('../fixtures/step/plate-hole-pocket.step', import.meta.url));

const BAD: [string, Record<string, unknown>, RegExp][] = [
  ['an unknown mesh mode', { mesh: 'sometimes' }, /mesh must be one of 'auto', 'always', 'never', got sometimes/],
  ['a tier outside 1–4', { tier: 7 }, /tier must be 1, 2, 3 or 4, got 7/],
  ['a tier given as a string', { tier: '2' }, /tier must be 1, 2, 3 or 4/],
  ['a negative maxFileSizeMb', { maxFileSizeMb: -1 }, /maxFileSizeMb must be a positive number, got -1/],
  ['a NaN maxFileSizeMb', { maxFileSizeMb: Number.NaN }, /maxFileSizeMb must be a positive number/],
  ['a zero recognizeTimeoutMs', { recognizeTimeoutMs: 0 }, /recognizeTimeoutMs must be a positive number/],
  ['an importTimeoutMs given as a string', { importTimeoutMs: 'x' }, /importTimeoutMs must be a positive number, got x/],
  ['a negative importTimeoutMs', { importTimeoutMs: -5 }, /importTimeoutMs must be a positive number, got -5/],
];

describe('analyzer options are checked when the analyzer is created', () => {
  it.each(BAD)('createNodeAnalyzer refuses %s with CONFIG_INVALID', (_what, bad, message) => {
    expect(() => createNodeAnalyzer({ tessellator: countingTessellator(), ...bad } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'systemic', message: expect.stringMatching(message) }),
    );
  });

  it.each(BAD)('createAnalyzer refuses %s with CONFIG_INVALID', (_what, bad) => {
    expect(() => createAnalyzer({ tessellator: countingTessellator(), ...bad } as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it.each(BAD)('createAnalyzerPool refuses %s in its analyzer settings, before starting a worker', (_what, bad) => {
    expect(() => createAnalyzerPool({ workers: 1, analyzer: bad as never })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('valid values are kept and analyse a real STEP file', async () => {
    const tessellator = countingTessellator();
    await using analyzer = createNodeAnalyzer({ tessellator, recognizers: [createHeuristicRecognizer()], mesh: 'never', tier: 2, maxFileSizeMb: 0.5, recognizeTimeoutMs: 30_000 });
    const result = await analyzer.analyzeFile(PLATE);
    expect(result.error).toBeUndefined();
    expect(result.recognition?.tier).toBe(2);
    expect(result.recognition?.features.map((f) => f.type).sort()).toEqual(['rectangular_pocket', 'through_hole']);
    expect(tessellator.calls).toBe(0); // mesh: 'never' was kept
  });
});
