/**
 * Repro (issue 10, defect 9): fuzzing found a Tier 2 chamfer with `parameters.widthMm = NaN` (two swapped
 * references), and the result then failed cadlens's own `analysisResultSchema`. Whatever tier answers, a
 * non-finite parameter is now omitted with a `RECOGNITION_PARAMETER_NOT_FINITE` finding, and the result
 * passes the schema.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { defineRecognizer, type RecognitionOutput } from '../../src/stages/recognize/index.js';
import { analysisResultSchema } from '../../src/result/index.js';

const cube = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));

/** A recognizer (an extension, as a user would write one) whose measurements come out non-finite. */
const unmeasurable = defineRecognizer({
  id: 'test/unmeasurable-chamfer',
  tier: 2,
  nominalConfidence: 0.75,
  canRecognize: () => ({ ok: true }),
  recognize: async (part): Promise<RecognitionOutput> => ({
    confidence: 0.75,
    faces: [],
    features: [
      { type: 'chamfer', classId: 2, faces: [0], bottomFaces: [], confidence: 0.8, parameters: { widthMm: NaN, lengthMm: 10, angle1Deg: Infinity } },
      { type: 'chamfer', classId: 2, faces: [1], bottomFaces: [], confidence: 0.8, parameters: { widthMm: part.faces[1].area / 10 } },
    ],
  }),
});

describe('non-finite feature parameters', () => {
  const analyzer = createNodeAnalyzer({ recognizers: [unmeasurable] });
  afterAll(() => analyzer.dispose());

  it('are omitted with a finding each; the finite ones stay; the result passes the schema', async () => {
    const result = await analyzer.analyzeFile(cube);
    const parsed = analysisResultSchema.safeParse(result);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const [first, second] = result.recognition!.features;
    expect(first.parameters).toEqual({ lengthMm: 10 });
    // recognition reads the exact B-Rep face area (100 mm² up to rounding), not the triangles'
    expect(Object.keys(second.parameters)).toEqual(['widthMm']);
    expect(second.parameters.widthMm).toBeCloseTo(10, 9);
    expect(result.recognition!.findings).toEqual([
      { code: 'RECOGNITION_PARAMETER_NOT_FINITE', severity: 'warning', message: 'feature 0 (chamfer, faces 0): widthMm is NaN, omitted' },
      { code: 'RECOGNITION_PARAMETER_NOT_FINITE', severity: 'warning', message: 'feature 0 (chamfer, faces 0): angle1Deg is Infinity, omitted' },
    ]);
  });
});
