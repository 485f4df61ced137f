/**
 * The session-8 stock rule of the base-body pass (docs/recognition.md, "Session 8: free-form skin"): a wide free-form
 * face with no concave edge that a tier called a cavity class or `other_feature` is a cast or printed body's skin, so
 * stock. On a FreeCAD-written fixture with analytic faces only (never a candidate) and on real tune files (skipped
 * when ../shared is absent): the printed fork D11 (its free-form skin, labelled stock) and the servo kit D31 and NIST
 * CTC-05 D17 (free-form rounds and blend patches, narrow: never turned).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { bulgeFacts, freeFormSkinStockFaces, MIN_FREE_FORM_SKIN_WIDTH } from '../../src/stages/recognize/stock-skin.js';
import { applyBaseBodyStock, FREE_FORM_SKIN_STOCK_PROBABILITY } from '../../src/stages/recognize/base-body-pass.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { REALWORLD_DIR, REPO_DIR } from '../support/shared-data.js';

const fixture = (name: string) => buildPartFromStep(readStep(readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1')));
const count = (flags: Uint8Array) => flags.reduce((s, v) => s + v, 0);
const labelsOf = (name: string) => JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', `${name}.json`), 'utf8')) as { faces: Record<string, { class: string }> };

describe('free-form skin: analytic faces are never candidates', () => {
  it('a block with a half-cylinder end, a boss and a hole (FreeCAD fixture): nothing turned, whatever the tier says', () => {
    const part = fixture('curved-skin');
    for (const c of ['circular_end_pocket', 'other_feature', 'rectangular_pocket']) expect(count(freeFormSkinStockFaces(part, () => c))).toBe(0);
  });
});

const PARTS_DIR = join(REALWORLD_DIR, 'parts');
const fileOf = (name: string) => (existsSync(PARTS_DIR) ? readdirSync(PARTS_DIR).find((f) => f.startsWith(`${name}__`)) : undefined);
const NAMES = ['D11', 'D31', 'D17'] as const;
const HAVE = NAMES.every((n) => fileOf(n) !== undefined);

describe.skipIf(!HAVE)(`free-form skin on real tune files D11, D31, D17${HAVE ? '' : ' — skipped: realworld parts not found'}`, () => {
  let tessellator: Tessellator;
  const meshed: Record<string, Part> = {};
  const bare: Record<string, Part> = {};
  beforeAll(async () => {
    tessellator = createOcctWorkerTessellator();
    for (const name of NAMES) {
      const bytes = new Uint8Array(readFileSync(join(PARTS_DIR, fileOf(name)!)));
      bare[name] = buildPartFromStep(readStep(bytes));
      meshed[name] = attachTessellation(bare[name], await tessellator.tessellate(bytes, 'step'));
    }
  }, 240_000);
  afterAll(async () => {
    await tessellator?.close();
  });

  it('D11 (printed fork): with every face called a cavity class, the faces turned are its free-form skin, all labelled stock', () => {
    const part = meshed.D11;
    const labels = labelsOf('D11');
    const flags = freeFormSkinStockFaces(part, () => 'h_circular_end_blind_slot');
    const turned = part.faces.filter((_, i) => flags[i] === 1);
    expect(turned.length).toBeGreaterThanOrEqual(3);
    for (const f of turned) {
      expect(f.surfaceType).toBe('bspline');
      expect(labels.faces[String(f.stepId)]?.class).toBe('stock');
    }
    const facts = bulgeFacts(part, turned.map((f) => f.index));
    for (const f of turned) expect(facts.get(f.index)!.surfaceWidth).toBeGreaterThanOrEqual(MIN_FREE_FORM_SKIN_WIDTH);
  }, 60_000);

  it('D11 in the pass on Tier 2\'s own answer: the skin Tier 2 called a slot or other_feature becomes stock at the rule\'s probability', () => {
    const part = meshed.D11;
    const labels = labelsOf('D11');
    const tier2 = recognizeFeatures(part);
    const out = applyBaseBodyStock(part, tier2);
    const byRule = out.faces.filter((f) => f.probability === FREE_FORM_SKIN_STOCK_PROBABILITY && f.className === 'stock');
    expect(byRule.length).toBeGreaterThan(0);
    for (const f of byRule) expect(labels.faces[String(part.faces[f.faceIndex].stepId)]?.class).toBe('stock');
    // no feature keeps a face the rule turned
    const turned = new Set(byRule.map((f) => f.faceIndex));
    for (const feat of out.features) for (const i of feat.faces) expect(turned.has(i)).toBe(false);
  }, 60_000);

  it('D31 and D17: free-form rounds and blend patches (labelled round or other_feature) are narrow and never turned, even when called other_feature', () => {
    for (const name of ['D31', 'D17'] as const) {
      const part = meshed[name];
      const labels = labelsOf(name);
      const flags = freeFormSkinStockFaces(part, () => 'other_feature');
      const rounds = part.faces.filter((f) => f.surfaceType === 'bspline' && ['round', 'other_feature'].includes(labels.faces[String(f.stepId)]?.class ?? ''));
      expect(rounds.length).toBeGreaterThan(0);
      for (const f of rounds) expect(flags[f.index]).toBe(0);
    }
  }, 60_000);

  it('reads the B-Rep only: the same flags on the bare B-Rep as on the part with its OpenCascade mesh', () => {
    for (const name of NAMES)
      for (const c of ['other_feature', 'rectangular_pocket'])
        expect(Array.from(freeFormSkinStockFaces(bare[name], () => c))).toEqual(Array.from(freeFormSkinStockFaces(meshed[name], () => c)));
  }, 120_000);
});
