/**
 * Tier 2 on a slot's quarter-round end that a hole cut into pieces (session 14; seed 111 dev part copied to
 * test/fixtures/synthetic/convention/, mfgen/4 labels). The blind-slot rule tells a half-round (v) end from quarter-round
 * (h) ends by the angle one cylinder covers round its axis. That angle is the union of its pieces' angular ranges: a
 * short piece the hole left below a whole quarter lies within the quarter and adds nothing (it was added to the
 * quarter, 0.37 + 1.57 rad, past the half-round threshold, so the h slot read as a v slot). The part is read with its
 * tessellation, as the evaluator reads it: the pieces' centroids come from their meshes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Tessellator } from '../../src/tessellation/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { createEvalTessellator, loadStepPart } from '../../tools/eval/tier2-data.js';
import type { GeneratedLabels } from '../support/generated-fixtures.js';

let tess: Tessellator;
beforeAll(() => {
  tess = createEvalTessellator();
});
afterAll(async () => {
  await tess.close();
});

describe('Tier 2: pieces of a quarter-round slot end', () => {
  it('syn_s111_000053: an h slot whose quarter-round end a blind hole cut into two pieces stays an h slot', async () => {
    const base = new URL('../fixtures/synthetic/convention/syn_s111_000053', import.meta.url).href;
    const part = await loadStepPart(new Uint8Array(readFileSync(new URL(`${base}.step`))), tess);
    const [[, labels]] = JSON.parse(readFileSync(new URL(`${base}.json`), 'utf8')) as [[string, GeneratedLabels]];
    const out = recognizeFeatures(part);
    const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
    const slot = labels.generator.instances['0'];
    expect(slot.class).toBe('h_circular_end_blind_slot');
    for (const id of slot.faces) expect(AAGNET_CLASS_NAMES[out.faces[faceOf.get(id)!].classId], `face ${id}`).toBe('h_circular_end_blind_slot');
  });
});
