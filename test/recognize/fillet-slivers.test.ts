/**
 * A pocket's floor fillet loop broken only by free-form slivers is one round (src/stages/recognize/tier2-heuristics/
 * fillet-slivers.ts and the blend pass's `sliverOf`; docs/labelling.md, "One blend operation"). Two generated dev
 * parts (test/fixtures/generated): syn_s121_000006, whose pocket corner a large through hole opened, and
 * syn_s122_000129; in each the loop's cylinders meet at sharp mitres and two small B-spline pieces sit between its
 * pieces, meeting them along 5–48° edges. Before, Tier 2 left the slivers `other_feature` (the default pipeline gave
 * them to Tier 1's hole classes) and the loop fell into 6–7 round instances.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
/** The generator's round instances: STEP ids of each instance's faces. */
function trueRounds(name: string): number[][] {
  const [[, labels]] = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as [string, { generator: { instances: Record<string, { class: string; faces: number[] }> } }][];
  return Object.values(labels.generator.instances).filter((i) => i.class === 'round').map((i) => [...i.faces].sort((a, b) => a - b));
}
const cases = [
  { name: 'syn_s121_000006', slivers: [3369, 4033] },
  { name: 'syn_s122_000129', slivers: [759, 2899] },
];

describe('fillet slivers: a floor fillet loop broken by slivers is one round', () => {
  for (const { name, slivers } of cases)
    it(`${name}: Tier 2 calls the slivers round and finds every round instance`, async () => {
      const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`)))));
      const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
      const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
      for (const id of slivers) expect(called.get(id), `face #${id}`).toBe('round');
      const found = result.features.filter((f) => f.type === 'round').map((f) => f.faces.map((i) => part.faces[i].stepId!).sort((a, b) => a - b));
      expect(found.sort()).toEqual(trueRounds(name).sort());
    });

  const analyzer = createNodeAnalyzer({ mesh: 'never' });
  afterAll(() => analyzer.dispose());
  it('syn_s122_000129: the default pipeline finds the loop as one round too', async () => {
    const { result, part: seen } = await analyzer.analyzeDetailed(new Uint8Array(readFileSync(fixture('syn_s122_000129.step'))), { name: '129' });
    const rec = result.recognition!;
    const called = new Map(rec.faces.map((f) => [seen!.faces[f.faceIndex].stepId!, f.className]));
    for (const id of [759, 2899]) expect(called.get(id), `face #${id}`).toBe('round');
    const found = rec.features.filter((f) => f.type === 'round').map((f) => f.faces.map((i) => seen!.faces[i].stepId!).sort((a, b) => a - b));
    expect(found.sort()).toEqual(trueRounds('syn_s122_000129').sort());
  });
});
