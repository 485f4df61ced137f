/**
 * Wall pieces a crossing cut parted from a pocket are the pocket's (src/stages/recognize/tier2-heuristics/
 * pocket-wall-pieces.ts): two generated dev parts (test/fixtures/generated) — syn_s122_000010, a 56 mm deep hexagonal
 * pocket, and syn_s122_000045, a 58 mm deep triangular one, each crossed near its opening by another cut. Tier 2 read
 * the pocket below the cut and left the ring of wall pieces above it `other_feature` (the default pipeline then took
 * Tier 1's passage class for them); they lie on the pocket's wall planes and now join it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
const cases = [
  { name: 'syn_s122_000010', instance: '6', className: '6sides_pocket' },
  { name: 'syn_s122_000045', instance: '10', className: 'triangular_pocket' },
];

describe('pocket wall pieces', () => {
  for (const { name, instance, className } of cases)
    it(`${name}: every face of the ${className} is the pocket's, in one instance`, async () => {
      const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`)))));
      const [[, labels]] = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as [string, { generator: { instances: Record<string, { class: string; faces: number[] }> } }][];
      const truth = [...labels.generator.instances[instance].faces].sort((a, b) => a - b);
      const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
      const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
      for (const id of truth) expect(called.get(id), `face #${id}`).toBe(className);
      const found = result.features.filter((f) => f.type === className).map((f) => f.faces.map((i) => part.faces[i].stepId!).sort((a, b) => a - b));
      expect(found).toContainEqual(truth);
    });
});
