/**
 * Protrusions (docs/recognition.md, "Session 9 (2026-12-05): protrusions"): a boss or rib standing on a face is
 * `other_feature` and the face it stands on stays stock. On parts made by the project's generator with
 * `--protrusions` (test/fixtures/synthetic/protrusions: seed 101, parts 4 and 15 — three bosses, one with a foot
 * fillet, on a block with a passage and a pocket; one cylindrical boss beside a slanted step), labelled from the
 * modelling history, and on generated parts without protrusions whose O-rings leave a core standing in a floor.
 * Real STEP files; Tier 2's real answer and the base-body pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { protrusionFaces } from '../../src/stages/recognize/protrusion-faces.js';
import { applyBaseBodyStock } from '../../src/stages/recognize/base-body-pass.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { CAVITY_CLASSES } from '../../src/stages/recognize/stock-skin.js';
import { parseSyntheticLabels } from '../../tools/generator/synthetic-labels.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/synthetic/', import.meta.url));
const OTHER_FEATURE = AAGNET_CLASS_NAMES.length;
const STOCK = AAGNET_CLASS_NAMES.indexOf('stock');
const ROUND = AAGNET_CLASS_NAMES.indexOf('round');
const CHAMFER = AAGNET_CLASS_NAMES.indexOf('chamfer');

const load = (folder: string, name: string) => {
  const part = buildPartFromStep(readStep(readFileSync(join(FIXTURES, folder, `${name}.step`), 'utf8')));
  const { labels } = parseSyntheticLabels(readFileSync(join(FIXTURES, folder, `${name}.json`), 'utf8'));
  const truth = part.faces.map((f) => labels.seg[String(f.stepId)]);
  return { part, labels, truth };
};

describe.each(['syn_s101_000004', 'syn_s101_000015'])('protrusions on generated part %s', (name) => {
  const { part, truth } = load('protrusions', name);

  it('flags every face of every boss, and otherwise only a blend on one (a foot fillet, a chamfer on its rim), never a stock or machined face', () => {
    const flags = protrusionFaces(part);
    const flagged = truth.filter((_, i) => flags[i] === 1);
    expect(truth.every((c, i) => c !== OTHER_FEATURE || flags[i] === 1)).toBe(true);
    expect(flagged.every((c) => c === OTHER_FEATURE || c === ROUND || c === CHAMFER)).toBe(true);
  });

  it('the base-body pass calls no boss face a cavity over Tier 2\'s answer and keeps the faces they stand on stock', () => {
    const tier2 = recognizeFeatures(part);
    const out = applyBaseBodyStock(part, tier2);
    const before = new Map(tier2.faces.map((f) => [f.faceIndex, f.className]));
    const classOf = new Map(out.faces.map((f) => [f.faceIndex, f.className]));
    let turned = 0;
    part.faces.forEach((_, i) => {
      // other_feature, or the tier's stock call (a boss top on the bounding box: kept, base-body-pass.ts)
      if (truth[i] === OTHER_FEATURE) expect(['other_feature', 'stock']).toContain(classOf.get(i));
      if (before.get(i) !== classOf.get(i)) turned++;
      if (truth[i] === STOCK) expect(classOf.get(i)).toBe('stock');
    });
    // the pass had work to do: part 4, boss walls Tier 2 called a pocket's; part 15, the face under the boss Tier 2 left other_feature
    expect(turned).toBeGreaterThan(0);
    expect(tier2.faces.some((f) => truth[f.faceIndex] === OTHER_FEATURE && CAVITY_CLASSES.has(f.className)) || tier2.faces.some((f) => truth[f.faceIndex] === STOCK && f.className !== 'stock')).toBe(true);
    // no feature is left holding a boss face
    const bossFaces = new Set(truth.flatMap((c, i) => (c === OTHER_FEATURE ? [i] : [])));
    for (const f of out.features) expect(f.faces.some((i) => bossFaces.has(i))).toBe(false);
  });
});

describe('no protrusion where nothing stands on a face', () => {
  it.each(['syn_s101_000057', 'syn_s101_000072', 'syn_s101_000011'])('%s (O-ring cores, pockets, steps): nothing flagged', (name) => {
    const { part } = load('convention', name);
    expect(protrusionFaces(part).reduce((s, v) => s + v, 0)).toBe(0);
  });
});
