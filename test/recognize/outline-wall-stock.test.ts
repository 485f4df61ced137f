/**
 * The outline-wall stock rule of the base-body pass (docs/recognition.md, "Stock: outline walls", session 5):
 * on a hand-authored profiled plate (test/fixtures/step/profiled-plate-notch.step: an L-shaped plate with an
 * edge notch and a square hole) and on CTC-01 (D13, a real tune file: its waist walls are stock, its V and
 * rectangular edge notches are features) — real STEP files, Tier 2's real answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { MAX_CUT_GAP_SHARE, MIN_PROFILE_CUTAWAY_SHARE, outlineWallRecords, outlineWallStockFaces } from '../../src/stages/recognize/base-body-stock.js';
import { applyBaseBodyStock } from '../../src/stages/recognize/base-body-pass.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { REALWORLD_DIR, REPO_DIR } from '../support/shared-data.js';

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1');
const labelsOf = (name: string) => JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', `${name}.json`), 'utf8')) as { faces: Record<string, { class: string }> };

describe('outline walls of a profiled plate with an edge notch and a hole (hand-authored)', () => {
  const part = buildPartFromStep(readStep(fixtureText('profiled-plate-notch')));
  const byName = (name: string) => part.faces.findIndex((f) => f.name === name);
  // prismFaces' outline walls, in outline order from (0,0): 0 y=0 left of the notch, 1–3 the notch (side x=60,
  // floor y=10, side x=68), 4 y=0 right of it, 5 x=100, 6–7 the L's inner corner (y=40, x=40), 8 y=100, 9 x=0.
  const inner = [byName('outline 6'), byName('outline 7')];
  const notch = [byName('outline 1'), byName('outline 2'), byName('outline 3')];
  const hull = [0, 4, 5, 8, 9].map((k) => byName(`outline ${k}`));
  const hole = [0, 1, 2, 3].map((k) => byName(`hole 0 ${k}`));

  it('measures the walls: the notch sides face each other across 8 % of the width, its floor lies between them, the hole is not on the outline', () => {
    const r = outlineWallRecords(part);
    for (const i of [...inner, ...notch, ...hull, ...hole]) expect(r[i].fullThickness).toBe(true);
    expect(r[notch[0]].facingGap).toBeCloseTo(0.08, 6);
    expect(r[notch[2]].facingGap).toBeCloseTo(0.08, 6);
    expect(r[notch[1]].neighbourGap).toBeCloseTo(0.08, 6);
    for (const i of hull) expect(r[i].support).toBe(true);
    for (const i of inner) expect([r[i].support, r[i].facingGap, r[i].neighbourGap, r[i].onOutline]).toEqual([false, null, null, true]);
    for (const i of hole) expect([r[i].onOutline, r[i].facingGap]).toEqual([false, 0.2]);
    expect(r[byName('top')].fullThickness).toBe(false);
  });

  it('flags only the inner-corner walls when the tier calls every face a pocket (a class no outline wall can carry)', () => {
    const flags = outlineWallStockFaces(part, () => 'rectangular_pocket');
    expect(part.faces.filter((_, i) => flags[i] === 1).map((f) => f.name).sort()).toEqual(['outline 6', 'outline 7']);
    expect(0.08).toBeLessThanOrEqual(MAX_CUT_GAP_SHARE);
  });

  it('keeps a tier\'s call that an outline wall can carry (a slot cut from the edge, an edge break, stock)', () => {
    for (const c of ['rectangular_through_slot', 'chamfer', 'stock'])
      expect(outlineWallStockFaces(part, () => c).reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('turns a through step the part reaches far beyond to stock: the L\'s inner corner is its profile (session 17)', () => {
    const r = outlineWallRecords(part);
    for (const i of inner) expect(r[i].beyond).toBeGreaterThanOrEqual(MIN_PROFILE_CUTAWAY_SHARE);
    const flags = outlineWallStockFaces(part, () => 'rectangular_through_step');
    expect(part.faces.filter((_, i) => flags[i] === 1).map((f) => f.name).sort()).toEqual(['outline 6', 'outline 7']);
    // Tier 2 calls the inner corner a through step and the notch a through slot: the pass makes the corner stock only.
    const out = recognizeFeatures(part);
    expect(out.faces.find((f) => f.faceIndex === inner[0])!.className).toBe('rectangular_through_step');
    const passed = applyBaseBodyStock(part, out);
    const classOf = (i: number) => passed.faces.find((f) => f.faceIndex === i)?.className;
    for (const i of inner) expect(classOf(i)).toBe('stock');
    for (const i of notch) expect(classOf(i)).toBe('rectangular_through_slot');
  });
});

const D13 = join(REALWORLD_DIR, 'parts', 'D13__nist_ctc_01_asme1_rd.stp');

describe.skipIf(!existsSync(D13))(`outline walls of CTC-01 (D13, real tune file)${existsSync(D13) ? '' : ` — skipped: ${D13} not found`}`, () => {
  let tessellator: Tessellator;
  let part: Part;
  beforeAll(async () => {
    tessellator = createOcctWorkerTessellator();
    const bytes = new Uint8Array(readFileSync(D13));
    part = attachTessellation(buildPartFromStep(readStep(bytes)), await tessellator.tessellate(bytes, 'step'));
  }, 180_000);
  afterAll(async () => {
    await tessellator?.close();
  });

  it('turns the waist walls Tier 2 called pockets or passages to stock, and no notch wall', () => {
    const labels = labelsOf('D13');
    const tier2 = recognizeFeatures(part);
    const classOf = new Map(tier2.faces.map((f) => [f.faceIndex, f.className]));
    const flags = outlineWallStockFaces(part, (i) => classOf.get(i) ?? null);
    const flagged = part.faces.filter((_, i) => flags[i] === 1);
    expect(flagged.length).toBeGreaterThanOrEqual(6);
    for (const f of flagged) expect(labels.faces[String(f.stepId)]?.class).toBe('stock');
    // the notch walls (V notches 312/314/352/355, rectangular notches 328–338) are full-thickness outline walls too
    const notchIds = [312, 314, 352, 355, 328, 330, 332, 334, 336, 338];
    const records = outlineWallRecords(part);
    for (const id of notchIds) {
      const i = part.faces.findIndex((f) => f.stepId === id);
      expect(records[i].fullThickness && records[i].onOutline).toBe(true);
      expect(flags[i]).toBe(0);
    }
    const out = applyBaseBodyStock(part, tier2);
    for (const f of flagged) expect(out.faces.find((x) => x.faceIndex === f.index)!.className).toBe('stock');
    expect(out.features.some((feat) => feat.faces.some((i) => flags[i] === 1))).toBe(false);
  });
});
