import { afterAll, describe, expect, it } from 'vitest';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { evenSample, HAS_SHARED, mfcadDir, mfcadNames, NO_SHARED_REASON } from '../support/shared-data.js';
import { checkMfcadPart } from '../../tools/datasets/mfcad-check.js';

/** Parts checked in CI, spread evenly over the sorted set; `npm run dataset:mfcad` checks all 13,214. */
const SAMPLE = Number(process.env.CADLENS_MFCAD_SAMPLE ?? 120);

describe.skipIf(!HAS_SHARED)(`MFCAD dataset (fixed sample of ${SAMPLE})${HAS_SHARED ? '' : ` — ${NO_SHARED_REASON}`}`, () => {
  const analyzer = createNodeAnalyzer({ recognizers: [] });
  afterAll(() => analyzer.dispose());

  it('every sampled part parses, maps every face by verified order, builds its AAG and validates as one closed manifold solid', async () => {
    const dir = mfcadDir()!;
    const names = mfcadNames(dir);
    expect(names.length).toBe(13214);
    const problems: string[] = [];
    for (const name of evenSample(names, SAMPLE)) {
      const check = await checkMfcadPart(analyzer, dir, name);
      if (check.problems.length > 0) problems.push(`${name}: ${check.problems.join('; ')}`);
      expect(check.faces).toBeGreaterThanOrEqual(8);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
