/**
 * A cast housing's cavity is its skin (src/stages/recognize/cast-cavity.ts; docs/labelling.md, cast housings): a
 * generated dev housing (`--housing`, seed 601 part 1, test/fixtures/generated) — a drafted box shell, its cavity
 * open at the top with walls drafted 1.15°, a floor boss with a rib standing in it. Tier 2 reads the cavity as one
 * rectangular pocket; the base-body pass now returns the drafted walls and the floor to the body (stock), as the
 * generator labels them, and leaves the boss and rib their own faces. A machined pocket (walls square to the floor)
 * is left alone (MFCAD parts and the box fixtures elsewhere keep their pockets).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture('syn_h601_000001.step')))));
/** The generator's class per STEP id (24 = stock, 23 = round, 25 = other_feature). */
const truth = new Map(Object.entries((JSON.parse(readFileSync(fixture('syn_h601_000001.json'), 'utf8')) as [string, { seg: Record<string, number> }][])[0][1].seg).map(([id, c]) => [Number(id), c]));

describe('cast cavity: a drafted pocket is the housing\'s skin', () => {
  it('turns the drafted cavity walls and the floor to stock, every stock face of the housing stock', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
    const cavity = [996, 1070, 1160, 1252, 1453]; // four drafted walls and the floor
    for (const id of cavity) expect(called.get(id), `face #${id}`).toBe('stock');
    const stock = [...truth].filter(([, c]) => c === 24).map(([id]) => id);
    expect(stock.filter((id) => called.get(id) !== 'stock')).toEqual([]);
    expect(result.features.filter((f) => f.type === 'rectangular_pocket' && f.faces.some((i) => cavity.includes(part.faces[i].stepId!)))).toHaveLength(0);
  });

  // The default pipeline (Tier 1 through onnxruntime, Tier 2, combined per face): Tier 1's stock call, the combination
  // and the cavity's floor must not let a drafted wall pass for the floor (it did until the rule counted the sides the
  // walls lean from: the floor and the rim lean towards a wall too, from one side).
  const analyzer = createNodeAnalyzer({ mesh: 'never' });
  afterAll(() => analyzer.dispose());
  it('does so in the default pipeline too', async () => {
    const { result, part: seen } = await analyzer.analyzeDetailed(new Uint8Array(readFileSync(fixture('syn_h601_000001.step'))), { name: 'housing' });
    const called = new Map(result.recognition!.faces.map((f) => [seen!.faces[f.faceIndex].stepId!, f.className]));
    for (const id of [996, 1070, 1160, 1252, 1453]) expect(called.get(id), `face #${id}`).toBe('stock');
  });
});
