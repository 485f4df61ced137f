/**
 * The evaluator measures the Part users get: its Tier 2 path recognizes on the Part the analyzer recognizes
 * on (OpenCascade's tessellation with the exact B-Rep face measures), so its per-face answer on a real part is
 * the one `createNodeAnalyzer({ tier: 2 })` returns, body by body as the analyzer recognizes a file of several
 * solids. Real `tune` parts from ../shared (skipped when absent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createEvalTessellator, tessellateForRecognition } from '../../tools/eval/tier2-data.js';
import { createTierRunners } from '../../tools/eval/run-tiers.js';
import { HAS_SHARED, REALWORLD_DIR, sharedTitle } from '../support/shared-data.js';

/**
 * Real `tune` parts (labels/realworld/split.json): a milled plate and a mounting plate, one solid each, and a
 * NIST test part of two solids (recognized body by body; one face came out otherwise on the whole Part).
 */
const PARTS = ['D05__partA.step', 'D08__Seeedstudio_Mounting_Plate_SO101.step', 'D17__nist_ctc_05_asme1_rd.stp'];

describe.skipIf(!HAS_SHARED)(sharedTitle("the evaluator's Tier 2 path answers as the analyzer with tier: 2"), () => {
  const tess = createEvalTessellator();
  const analyzer = createNodeAnalyzer({ tier: 2 });
  const runners = createTierRunners(['2']);
  afterAll(async () => {
    await Promise.all([analyzer.dispose(), (await runners).dispose(), tess.close()]);
  });

  for (const file of PARTS) {
    it(`${file}: the same Part measures and the same class and probability on every face`, async () => {
      const bytes = new Uint8Array(readFileSync(join(REALWORLD_DIR, 'parts', file)));
      const read = buildPartFromStep(readStep(bytes));
      const exact = measureBrepFaces(read);
      const part = await tessellateForRecognition(read, bytes, tess);

      // The faces carry the exact measures (not their triangles') wherever the B-Rep gives them.
      const unmeasured = new Set(exact.unmeasured);
      const measured = part.faces.filter((f) => !unmeasured.has(f.index));
      expect(measured.length).toBeGreaterThan(0);
      for (const f of measured) {
        expect(f.area).toBe(exact.part.faces[f.index].area);
        expect(f.bbox).toEqual(exact.part.faces[f.index].bbox);
      }
      expect(part.mesh.indices.length).toBeGreaterThan(0);

      const ours = await (await runners).tier2(part);
      const { result, part: seen } = await analyzer.analyzeDetailed(bytes, { name: file });
      expect(ours.status).toBe('ok');
      expect(result.recognition?.tier).toBe(2);
      expect(seen?.faces.map((f) => f.stepId)).toEqual(part.faces.map((f) => f.stepId));

      const classId = new Array<number>(part.faces.length).fill(-1);
      const probability = new Array<number>(part.faces.length).fill(0);
      for (const f of result.recognition!.faces) {
        classId[f.faceIndex] = f.classId;
        probability[f.faceIndex] = f.probability;
      }
      expect([...ours.classId]).toEqual(classId);
      for (let i = 0; i < classId.length; i++) expect(ours.probability[i], `face ${i}`).toBeCloseTo(probability[i], 9);
      expect(ours.instances.map((x) => x.classId).sort()).toEqual(result.recognition!.features.map((x) => x.classId).sort());
    });
  }
});
