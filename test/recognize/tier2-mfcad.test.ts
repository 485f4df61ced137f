import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_SHARED, NO_SHARED_REASON, evenSample, mfcadDir, mfcadNames } from '../support/shared-data.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStl, writeBinaryStl, createMeshPart } from '../../src/formats/mesh/index.js';
import type { Tessellator } from '../../src/tessellation/index.js';
import { createEvalTessellator, labelsOfPart, loadStepPart, mfcadSplit, parseFaceTruth } from '../../tools/eval/tier2-data.js';
import { AAGNET_TO_MFCAD_FACE_TRUTH } from '../../src/inference/aagnet-classes.js';

if (!HAS_SHARED) console.warn(`[skip] ${NO_SHARED_REASON}`);

describe('MFCAD face_truth parser (strict)', () => {
  it('reads protocol 3 lists and rejects anything else', () => {
    const ok = Uint8Array.from([0x80, 3, 0x5d, 0x71, 0, 0x28, 0x4b, 15, 0x4b, 0, 0x65, 0x2e]);
    expect(parseFaceTruth(ok)).toEqual([15, 0]);
    expect(() => parseFaceTruth(Uint8Array.from([0x80, 4, 0x5d]))).toThrow(/protocol/);
    expect(() => parseFaceTruth(Uint8Array.from([...ok, 0]))).toThrow(/trailing/);
    expect(() => parseFaceTruth(Uint8Array.from([0x80, 3, 0x5d, 0x71, 0, 0x28, 0x4a, 1, 0, 0, 0, 0x65, 0x2e]))).toThrow();
  });
});

describe.skipIf(!HAS_SHARED)(`Tier 2 on an MFCAD validation sample${HAS_SHARED ? '' : ` (skipped: ${NO_SHARED_REASON})`}`, () => {
  let dir = '';
  let names: string[] = [];
  let tess: Tessellator;
  beforeAll(() => {
    dir = mfcadDir()!;
    names = mfcadNames(dir).filter((n) => mfcadSplit(n) === 'validation');
    tess = createEvalTessellator();
  });
  afterAll(() => tess?.close());

  it('B-Rep path: 50 validation parts (evenly spread), per-face accuracy ≥ 90 % with labels mapped to MFCAD', () => {
    let correct = 0, total = 0;
    for (const name of evenSample(names, 50)) {
      const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(join(dir, `${name}.step`)))));
      const labels = labelsOfPart(part, parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`)))));
      expect(labels.every((l) => l >= 0 && l <= 15)).toBe(true);
      for (const f of recognizeFeatures(part).faces) {
        total++;
        if (AAGNET_TO_MFCAD_FACE_TRUTH[f.classId] === labels[f.faceIndex]) correct++;
      }
    }
    expect(total).toBeGreaterThan(500);
    expect(correct / total).toBeGreaterThanOrEqual(0.9);
  });

  it('mesh path: 12 validation parts tessellated by occt, written as binary STL, segmented; per-triangle accuracy ≥ 85 %', async () => {
    let correct = 0, total = 0;
    for (const name of evenSample(names, 12)) {
      const part = await loadStepPart(new Uint8Array(readFileSync(join(dir, `${name}.step`))), tess);
      const labels = labelsOfPart(part, parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`)))));
      const out = recognizeFeatures(createMeshPart(readStl(writeBinaryStl(part.mesh)).mesh, 'stl'));
      for (const f of out.faces)
        for (const t of f.triangles ?? []) {
          total++;
          if (AAGNET_TO_MFCAD_FACE_TRUTH[f.classId] === labels[part.mesh.triangleFace[t]]) correct++;
        }
    }
    expect(total).toBeGreaterThan(100);
    expect(correct / total).toBeGreaterThanOrEqual(0.85);
  });
});
