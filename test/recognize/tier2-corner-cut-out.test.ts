import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { createEvalTessellator } from '../../tools/eval/tier2-data.js';
import { readRealworldLabels, type RealworldLabels } from '../../tools/eval/readers/realworld-reader.js';
import { HAS_SHARED, REALWORLD_DIR, REPO_DIR, sharedTitle } from '../support/shared-data.js';

/**
 * Corner cut-outs on a real part (D05, a `tune` file of labels/realworld/split.json): two square walls and a floor,
 * entered from the top, whose floor drops over convex edges into the walls of two crossing slots on the other two
 * sides. By its shape that is a rectangular blind step (docs/labelling.md: labels follow the shape left); the pocket
 * rule took it for a pocket because it never asked whether the walls close the outline (`floor-run-off.ts`). Pockets
 * walled all round (D01's three) stay pockets.
 */
let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

async function tier2(name: string): Promise<{ labels: RealworldLabels; stepIdOf: (faceIndex: number) => number | null; out: ReturnType<typeof recognizeFeatures> }> {
  const labels = readRealworldLabels(join(REPO_DIR, 'labels/realworld', `${name}.json`));
  const path = join(REALWORLD_DIR, 'parts', labels.file);
  expect(existsSync(path), path).toBe(true);
  const bytes = new Uint8Array(readFileSync(path));
  const part = attachTessellation(buildPartFromStep(readStep(bytes)), await tess.tessellate(bytes, 'step'));
  return { labels, stepIdOf: (i) => part.faces[i].stepId, out: recognizeFeatures(part) };
}

/** The labelled faces of one instance, by STEP id. */
const facesOf = (labels: RealworldLabels, inst: string) => [...labels.faces].filter(([, l]) => l.instance === inst).map(([id]) => id).sort((a, b) => a - b);

describe.skipIf(!HAS_SHARED)(sharedTitle('Tier 2: corner cut-outs whose floor runs off into other cuts (tune files)'), () => {
  it('D05: each of the four corner cut-outs is one rectangular blind step, its floor the bottom', async () => {
    const { labels, stepIdOf, out } = await tier2('D05');
    for (const inst of ['st1', 'st2', 'st3', 'st4']) {
      const want = facesOf(labels, inst);
      expect(want.length, inst).toBe(3);
      const feature = out.features.find((f) => f.faces.some((i) => stepIdOf(i) === want[0]));
      expect(feature?.type, inst).toBe('rectangular_blind_step');
      expect(feature!.faces.map(stepIdOf).sort((a, b) => a! - b!), inst).toEqual(want);
      const bottoms = [...labels.faces].filter(([, l]) => l.instance === inst && l.bottom).map(([id]) => id);
      expect(feature!.bottomFaces.map(stepIdOf), inst).toEqual(bottoms);
    }
  }, 120_000);

  it('D01: pockets walled all round stay rectangular pockets', async () => {
    const { labels, stepIdOf, out } = await tier2('D01');
    const classOf = new Map(out.faces.map((f) => [stepIdOf(f.faceIndex), AAGNET_CLASS_NAMES[f.classId]]));
    for (const inst of ['p1', 'p2', 'p3']) for (const id of facesOf(labels, inst)) expect(classOf.get(id), `${inst} face #${id}`).toBe('rectangular_pocket');
  }, 120_000);
});
