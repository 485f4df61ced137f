/**
 * The convex-face stock rule of the base-body pass (docs/recognition.md, "Stock: faces no cavity can have",
 * session 6): a planar face whose outer loop meets no neighbour concavely cannot be a pocket's, slot's, step's or
 * passage's face. On a hand-authored profiled plate (test/fixtures/step/profiled-plate-notch.step: an L-shaped plate
 * with an edge notch and a square hole) and on CTC-03 (D14, a real tune file: sheet-metal flanges whose thickness
 * faces Tier 2 calls slots and passages) — real STEP files, Tier 2's real answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { CAVITY_CLASSES, convexFaceStockFaces, skinFacts } from '../../src/stages/recognize/stock-skin.js';
import { applyBaseBodyStock, CONVEX_FACE_STOCK_PROBABILITY } from '../../src/stages/recognize/base-body-pass.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { REALWORLD_DIR, REPO_DIR } from '../support/shared-data.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { findSheetMetal } from '../../src/stages/recognize/tier2-heuristics/sheet-bends.js';

/**
 * Tier 2's answer on D14 as it was before Tier 2 read sheet bends (session 19, sheet-bends.ts): the sheet's skins and
 * outline faces it now calls stock itself were cavity classes then (a through slot here), which this pass, a second
 * line behind the tier, turns back.
 */
function withoutSheetStock(part: Part, out: ReturnType<typeof recognizeFeatures>): ReturnType<typeof recognizeFeatures> {
  const sheet = findSheetMetal(buildFeatureGraphFromPart(part)).stock;
  return { ...out, faces: out.faces.map((f) => (sheet.has(f.faceIndex) && f.className === 'stock' ? { ...f, classId: 6, className: 'rectangular_through_slot' } : f)) };
}

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1');
const labelsOf = (name: string) => JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', `${name}.json`), 'utf8')) as { faces: Record<string, { class: string }> };

describe('faces no cavity can have, on a profiled plate with an edge notch and a hole (hand-authored)', () => {
  const part = buildPartFromStep(readStep(fixtureText('profiled-plate-notch')));
  const byName = (name: string) => part.faces.findIndex((f) => f.name === name);
  const flaggedNames = (flags: Uint8Array) => part.faces.filter((_, i) => flags[i] === 1).map((f) => f.name).sort();

  it('reads the outer loops edge by edge: the plate faces and the outline walls between convex corners meet nothing concavely', () => {
    const facts = skinFacts(part);
    // top and bottom: outline and notch edges convex; the hole is an inner loop (convex too). The walls beside the
    // notch meet its sides at the notch's mouth: convex corners.
    for (const name of ['top', 'bottom', 'outline 0', 'outline 4', 'outline 5', 'outline 8', 'outline 9']) {
      const f = facts[byName(name)];
      expect([f.outerConcaveShare, f.outerUnknownShare, f.outerConvexShare]).toEqual([0, 0, 1]);
    }
    // the L's inner corner, the notch's sides and floor and the hole's walls meet a neighbouring wall concavely
    for (const name of ['outline 6', 'outline 7', 'outline 1', 'outline 2', 'outline 3', 'hole 0 0'])
      expect(facts[byName(name)].outerConcaveShare).toBeGreaterThan(0);
    // the notch's sides face each other across the notch (a cut's sides); the outline walls between convex corners face nothing
    expect(facts[byName('outline 1')].frontGap).not.toBeNull();
    expect(facts[byName('outline 3')].frontGap).not.toBeNull();
    for (const name of ['top', 'bottom', 'outline 0', 'outline 4', 'outline 5', 'outline 8', 'outline 9']) expect(facts[byName(name)].frontGap).toBeNull();
    // the plate's top is on a supporting plane, the L's inner wall is not
    expect(facts[byName('top')].support).toBe(true);
    expect(facts[byName('outline 6')].support).toBe(false);
  });

  it('flags exactly the faces with a convex outer loop when the tier calls every face a pocket', () => {
    expect(flaggedNames(convexFaceStockFaces(part, () => 'rectangular_pocket'))).toEqual(['bottom', 'outline 0', 'outline 4', 'outline 5', 'outline 8', 'outline 9', 'top']);
  });

  it('keeps calls that such a face can carry (stock, chamfer, round, a slanted step, a hole, other_feature) and faces without a class', () => {
    for (const c of ['stock', 'chamfer', 'round', 'slanted_through_step', 'through_hole', 'other_feature', null]) {
      expect(CAVITY_CLASSES.has(c ?? '')).toBe(false);
      expect(convexFaceStockFaces(part, () => c).reduce((s, v) => s + v, 0)).toBe(0);
    }
  });

  it('leaves Tier 2\'s answer on the plate unchanged (it calls none of those faces a cavity)', () => {
    const out = recognizeFeatures(part);
    const classOf = new Map(out.faces.map((f) => [f.faceIndex, f.className]));
    expect(convexFaceStockFaces(part, (i) => classOf.get(i) ?? null).reduce((s, v) => s + v, 0)).toBe(0);
  });
});

const D14 = join(REALWORLD_DIR, 'parts', 'D14__nist_ctc_03_asme1_rc.stp');

describe.skipIf(!existsSync(D14))(`faces no cavity can have on CTC-03 (D14, real tune file)${existsSync(D14) ? '' : ` — skipped: ${D14} not found`}`, () => {
  let tessellator: Tessellator;
  let part: Part;
  beforeAll(async () => {
    tessellator = createOcctWorkerTessellator();
    const bytes = new Uint8Array(readFileSync(D14));
    part = attachTessellation(buildPartFromStep(readStep(bytes)), await tessellator.tessellate(bytes, 'step'));
  }, 180_000);
  afterAll(async () => {
    await tessellator?.close();
  });

  it('turns the flange faces Tier 2 called slots or passages to stock — every one labelled stock — and the pass drops them from their features', () => {
    const labels = labelsOf('D14');
    const tier2 = withoutSheetStock(part, recognizeFeatures(part));
    const classOf = new Map(tier2.faces.map((f) => [f.faceIndex, f.className]));
    const flags = convexFaceStockFaces(part, (i) => classOf.get(i) ?? null);
    const flagged = part.faces.filter((_, i) => flags[i] === 1);
    expect(flagged.length).toBeGreaterThanOrEqual(8);
    for (const f of flagged) expect(labels.faces[String(f.stepId)]?.class).toBe('stock');
    const out = applyBaseBodyStock(part, tier2);
    for (const f of flagged) {
      const face = out.faces.find((x) => x.faceIndex === f.index)!;
      expect(face.className).toBe('stock');
      // a face the base-body or outline-wall rule turns carries that rule's probability
      if (face.probability !== CONVEX_FACE_STOCK_PROBABILITY) expect([0.731, 0.917]).toContain(face.probability);
    }
    expect(out.features.some((feat) => feat.faces.some((i) => flags[i] === 1))).toBe(false);
  }, 60_000);

  it('still turns the end face of the 45° flange, on the hull and tilted against the frame but meeting no stock face (session 13: a slanted step\'s face meets the stock\'s skin)', () => {
    const labels = labelsOf('D14');
    const flags = convexFaceStockFaces(part, () => 'rectangular_through_step');
    const end = part.faces.findIndex((f) => f.stepId === 276); // between the flange's two tilted skins, rounds at its ends
    expect(labels.faces['276']?.class).toBe('stock');
    expect(flags[end]).toBe(1);
  }, 60_000);
});
