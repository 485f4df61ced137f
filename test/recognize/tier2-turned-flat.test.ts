import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createEvalTessellator } from '../../tools/eval/tier2-data.js';
import { readRealworldLabels } from '../../tools/eval/readers/realworld-reader.js';
import { HAS_SHARED, REALWORLD_DIR, REPO_DIR, sharedTitle } from '../support/shared-data.js';

/**
 * Flats milled on a turned bar (D02, a motor shaft; a `tune` file of labels/realworld/split.json): a floor along the
 * shaft's axis, two end walls square to it and r0.1 fillets between them, cut into the bar's stock cylinder. The bar's
 * stock is a cylinder, so no planar stock side opened the depression; it was an enclosed-pocket guess and its fillets
 * `round`. By its shape it is open on both sides across the bar: a rectangular through slot, fillets included (the
 * cutter's corner radius, docs/labelling.md), its floor the bottom (`turned-flat-rule.ts`).
 */
let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

describe.skipIf(!HAS_SHARED)(sharedTitle('Tier 2: flats on a turned bar (tune files)'), () => {
  it('D02: each flat (floor, two end walls, two fillets) is one rectangular through slot, its floor the bottom', async () => {
    const labels = readRealworldLabels(join(REPO_DIR, 'labels/realworld', 'D02.json'));
    const path = join(REALWORLD_DIR, 'parts', labels.file);
    expect(existsSync(path), path).toBe(true);
    const bytes = new Uint8Array(readFileSync(path));
    const part = attachTessellation(buildPartFromStep(readStep(bytes)), await tess.tessellate(bytes, 'step'));
    const out = recognizeFeatures(part);
    const stepIdOf = (i: number) => part.faces[i].stepId!;
    for (const inst of ['f1', 'f2']) {
      const want = [...labels.faces].filter(([, l]) => l.instance === inst).map(([id]) => id).sort((a, b) => a - b);
      expect(want.length, inst).toBe(5);
      const holding = out.features.filter((f) => f.faces.some((i) => want.includes(stepIdOf(i))));
      expect(holding.length, `${inst}: one feature holds its faces`).toBe(1);
      expect(holding[0].type, inst).toBe('rectangular_through_slot');
      expect(holding[0].faces.map(stepIdOf).sort((a, b) => a - b), inst).toEqual(want);
      const bottoms = [...labels.faces].filter(([, l]) => l.instance === inst && l.bottom).map(([id]) => id);
      expect(holding[0].bottomFaces.map(stepIdOf), inst).toEqual(bottoms);
    }
    // the bar itself stays stock
    const stock = new Set(out.faces.filter((f) => f.className === 'stock').map((f) => stepIdOf(f.faceIndex)));
    for (const [id, l] of labels.faces) if (l.classId === 24) expect(stock.has(id), `stock face #${id}`).toBe(true);
  }, 120_000);
});
