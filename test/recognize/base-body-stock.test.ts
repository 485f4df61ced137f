/**
 * The base-body stock rule and pass (docs/recognition.md, "Base body: plates under protrusions, turned
 * bars"): on a hand-authored block (nothing stands on it: the rule leaves it to the bounding box), on
 * CTC-01 (D13, a plate whose bounding box is set by what stands on it) and on a turned pulley (D03) —
 * real STEP files, real OpenCascade tessellation, Tier 2's real answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { attachTessellation, type Tessellator } from '../../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../../src/runtime/node/index.js';
import { baseBodyStockFaces } from '../../src/stages/recognize/base-body-stock.js';
import { applyBaseBodyStock, BASE_BODY_STOCK_PROBABILITY } from '../../src/stages/recognize/base-body-pass.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { REALWORLD_DIR, REPO_DIR } from '../support/shared-data.js';

const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url), 'latin1');
const labelsOf = (name: string) => JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', `${name}.json`), 'utf8')) as { faces: Record<string, { class: string }> };

describe('baseBodyStockFaces on a block with a hole and a pocket (hand-authored)', () => {
  const part = buildPartFromStep(readStep(fixtureText('plate-hole-pocket')));

  it('flags nothing: with nothing standing on the block, its top and bottom are the bounding box\'s to decide', () => {
    expect(baseBodyStockFaces(part).reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('leaves a tier\'s answer as it is', () => {
    const out = recognizeFeatures(part);
    expect(applyBaseBodyStock(part, out)).toBe(out);
  });
});

const D13 = join(REALWORLD_DIR, 'parts', 'D13__nist_ctc_01_asme1_rd.stp');
const D03 = join(REALWORLD_DIR, 'parts', 'D03__transmission_pulley_at3_t10_motor.STEP');
const HAS_PARTS = existsSync(D13) && existsSync(D03);

describe.skipIf(!HAS_PARTS)(`the base body of real parts${HAS_PARTS ? '' : ` — skipped: ${D13} or ${D03} not found`}`, () => {
  let tessellator: Tessellator;
  const parts = new Map<string, Part>();
  beforeAll(async () => {
    tessellator = createOcctWorkerTessellator();
    for (const [name, path] of [['D13', D13], ['D03', D03]] as const) {
      const bytes = new Uint8Array(readFileSync(path));
      parts.set(name, attachTessellation(buildPartFromStep(readStep(bytes)), await tessellator.tessellate(bytes, 'step')));
    }
  }, 180_000);
  afterAll(async () => {
    await tessellator?.close();
  });

  it('CTC-01 (D13): the plate top under the bosses is stock; Tier 2 called it a feature, the pass makes it stock and takes it out of every feature', () => {
    const part = parts.get('D13')!;
    const labels = labelsOf('D13');
    const flags = baseBodyStockFaces(part);
    const flagged = part.faces.filter((_, i) => flags[i] === 1);
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    // every face the rule flags is labelled stock, and the large plate top (step id 365) is among them
    for (const f of flagged) expect(labels.faces[String(f.stepId)]?.class).toBe('stock');
    const top = part.faces.find((f) => f.stepId === 365)!;
    expect(flags[top.index]).toBe(1);

    const tier2 = recognizeFeatures(part);
    expect(tier2.faces.find((f) => f.faceIndex === top.index)!.className).not.toBe('stock');
    const out = applyBaseBodyStock(part, tier2);
    const face = out.faces.find((f) => f.faceIndex === top.index)!;
    expect(face.className).toBe('stock');
    expect(face.probability).toBe(BASE_BODY_STOCK_PROBABILITY);
    expect(face.bottom).toBeUndefined();
    expect(out.features.some((feat) => feat.faces.includes(top.index) || feat.bottomFaces.includes(top.index))).toBe(false);
    expect(out.features.every((feat) => feat.faces.length > 0)).toBe(true);
  });

  it('pulley (D03): the faces on the largest diameter (the tooth tips) are flagged, all labelled stock', () => {
    const part = parts.get('D03')!;
    const labels = labelsOf('D03');
    const flags = baseBodyStockFaces(part);
    const tips = part.faces.filter((f, i) => flags[i] === 1 && f.surfaceType === 'cylinder');
    expect(tips.length).toBeGreaterThanOrEqual(2);
    for (const f of tips) expect(labels.faces[String(f.stepId)]?.class).toBe('stock');
  });
});
