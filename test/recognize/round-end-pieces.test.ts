/**
 * A slot's or obround pocket's round end that a later cut shortened to slivers (tier2-heuristics/round-end-pieces.ts):
 * two generated dev parts (test/fixtures/generated). syn_s128_000014: a v-circular-end blind slot whose half-round end a
 * crossing cut took down to two slivers; syn_p209_000005: an obround pocket cut into two pieces, each with a sliver of
 * its round end. The slivers read as corner fillets (`round`) and the channel as running out into other cuts (a through
 * slot); their radius is the channel's half-width, so they are its round ends, and the feature is one with them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
const cases = [
  { name: 'syn_s128_000014', instance: '0' },
  { name: 'syn_p209_000005', instance: '6' },
];

describe('round ends shortened to slivers', () => {
  for (const { name, instance } of cases)
    it(`${name}: every face of the feature, its end slivers too, in one instance of its class`, async () => {
      const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`)))));
      const [[, labels]] = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as [string, { generator: { instances: Record<string, { class: string; faces: number[] }> } }][];
      const { class: className, faces } = labels.generator.instances[instance];
      const truth = [...faces].sort((a, b) => a - b);
      const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
      const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
      for (const id of truth) expect(called.get(id), `face #${id}`).toBe(className);
      const found = result.features.filter((f) => f.type === className).map((f) => f.faces.map((i) => part.faces[i].stepId!).sort((a, b) => a - b));
      expect(found).toContainEqual(truth);
    });
});
