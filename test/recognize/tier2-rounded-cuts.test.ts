import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createEvalTessellator } from '../../tools/eval/tier2-data.js';
import { readRealworldLabels } from '../../tools/eval/readers/realworld-reader.js';
import { HAS_SHARED, REALWORLD_DIR, REPO_DIR, sharedTitle } from '../support/shared-data.js';

/**
 * Rounded through cuts on real parts (the `tune` files of labels/realworld/split.json): obround and
 * rounded-rectangle passages and notches with cutter corner radii. Their round ends and corners are faces of
 * the cut (docs/labelling.md), so every face of each labelled instance below gets the instance's class from
 * Tier 2 — before, the corner radii were called fillets (`round`) and the obrounds were left unexplained.
 */
const CASES: { part: string; instances: string[] }[] = [
  { part: 'D13', instances: ['obround', 'rrect', 'n1', 'n2'] },
  { part: 'D14', instances: ['slot1', 'slot2', 'notch1'] },
  { part: 'D16', instances: ['s1', 's2', 's3', 'n1'] },
];

let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

describe.skipIf(!HAS_SHARED)(sharedTitle('Tier 2 on rounded through cuts of real parts (tune files)'), () => {
  for (const { part: name, instances } of CASES) {
    it(`${name}: ${instances.join(', ')} — every face takes its cut's class`, async () => {
      const labels = readRealworldLabels(join(REPO_DIR, 'labels/realworld', `${name}.json`));
      const path = join(REALWORLD_DIR, 'parts', labels.file);
      expect(existsSync(path), path).toBe(true);
      const bytes = new Uint8Array(readFileSync(path));
      const part = attachTessellation(buildPartFromStep(readStep(bytes)), await tess.tessellate(bytes, 'step'));
      const out = groupCompositeHoles(part, recognizeFeatures(part));
      const predicted = new Map(out.faces.map((f) => [part.faces[f.faceIndex].stepId, f.classId]));
      for (const inst of instances) {
        const want = labels.instances.get(inst)?.classId;
        expect(want, inst).toBeDefined();
        const faces = [...labels.faces].filter(([, l]) => l.instance === inst).map(([id]) => id);
        expect(faces.length, inst).toBeGreaterThan(0);
        for (const id of faces) expect(predicted.get(id), `${name} ${inst} face #${id}`).toBe(want);
      }
    }, 120_000);
  }
});
