/**
 * Two exact B-Rep planes 0.07 mm apart are two planes (tier2-heuristics/merge-fragments.ts, `onSameSurface`): in
 * syn_s128_000012 (test/fixtures/generated) a bull-nosed rectangular pocket's wall stands 0.07 mm in front of a blind
 * step's wall on an 87 mm part. Within ten times the part's tolerance (the allowance planes fitted to a segmented mesh
 * need) the two read as one plane, the pocket became a fragment of the step (`blind-step (fragments)`) and its 12 cutter
 * radii were left `round`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);

describe('near-coplanar walls of two cuts', () => {
  it('syn_s128_000012: the pocket and the blind step are each their own feature, every face of each in its class', async () => {
    const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture('syn_s128_000012.step')))));
    const [[, labels]] = JSON.parse(readFileSync(fixture('syn_s128_000012.json'), 'utf8')) as [string, { generator: { instances: Record<string, { class: string; faces: number[] }> } }][];
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
    for (const k of ['0', '3']) {
      const { class: className, faces } = labels.generator.instances[k];
      for (const id of faces) expect(called.get(id), `${className} face #${id}`).toBe(className);
      const found = result.features.filter((f) => f.type === className).map((f) => f.faces.map((i) => part.faces[i].stepId!).sort((a, b) => a - b));
      expect(found).toContainEqual([...faces].sort((a, b) => a - b));
    }
  });
});
