/**
 * Repro (issue 10, defect 9): a valid cube plus one unreferenced CARTESIAN_POINT whose coordinate has
 * 5 million digits. cadlens's reference check finds STEP_BAD_NUMBER (it overflows a double); the builder
 * never touches that entity; OpenCascade then fails to read the file (OCCT_IMPORT_FAILED). The headline
 * `error.code` was the later OCCT_IMPORT_FAILED; the first cause is the headline now.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { assertValidResult } from '../../src/analyze/create-analyzer.js';

const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)), 'latin1');
const huge = `#9999=CARTESIAN_POINT('',(${'1'.repeat(5_000_000)}.,0.,0.));\n`;
const withHugeNumber = new TextEncoder().encode(cube.replace('ENDSEC;\nEND-ISO-10303-21;', `${huge}ENDSEC;\nEND-ISO-10303-21;`));

describe('the headline error is the first cause the parse stage found', () => {
  const analyzer = createNodeAnalyzer({ recognizers: [] });
  afterAll(() => analyzer.dispose());

  it('STEP_BAD_NUMBER (permanent), not the OCCT_IMPORT_FAILED that followed it', async () => {
    expect(withHugeNumber.length).toBeGreaterThan(5_000_000);
    const result = await analyzer.analyze(withHugeNumber, { name: 'cube-huge-number.step' });
    assertValidResult(result);
    const parse = result.stages.find((s) => s.name === 'parse')!;
    const errors = parse.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    expect(errors).toEqual(['STEP_BAD_NUMBER', 'OCCT_IMPORT_FAILED']);
    expect(result.error).toMatchObject({ code: 'STEP_BAD_NUMBER', kind: 'permanent', stage: 'parse' });
    expect(result.error!.message).toMatch(/out of range.*then OCCT_IMPORT_FAILED/);
  });

  it('a tessellation failure with no earlier cause stays the headline (real worker, 1 ms deadline; the caller needs the mesh, else the B-Rep is analysed: tessellation-failure-fallback.test.ts)', async () => {
    const hurried = createNodeAnalyzer({ recognizers: [], occt: { deadlineMs: 1 } });
    try {
      const result = await hurried.analyze(new TextEncoder().encode(cube), { name: 'cube.step', needMesh: true });
      assertValidResult(result);
      expect(result.error).toMatchObject({ code: 'OCCT_TIMEOUT', kind: 'transient', stage: 'parse' });
      const errors = result.stages.find((s) => s.name === 'parse')!.findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.code)).toEqual(['OCCT_TIMEOUT']);
    } finally {
      await hurried.dispose();
    }
  });
});
