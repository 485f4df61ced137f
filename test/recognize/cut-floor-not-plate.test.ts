/**
 * A cut's floor is no plate's skin (src/stages/recognize/base-body-stock.ts, `reachesRim`): two generated box dev parts
 * (test/fixtures/generated). In syn_s126_000021 the largest level facing up is a rectangular passage's floor (the block's
 * top is all cut away by a slanted through step), 5 mm over the bottom of a 75 mm wide block; in syn_s126_000035 the
 * largest level facing down but the bottom is a blind slot's floor. With only smaller cut faces beyond them, the
 * base-body rule read each as a thin plate under what stands on it and made the floors stock, and the outline rule then
 * made a triangular blind step's wall of 000021 stock too. The floors meet the block's sides convexly, but those sides
 * rise past them: the block is thicker there, and the level is a cut's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { baseBodyStockFaces, outlineWallStockFaces } from '../../src/stages/recognize/base-body-stock.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
type Labels = { generator: { instances: Record<string, { class: string; faces: number[] }> } };
const load = (name: string) => {
  const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`)))));
  const [[, labels]] = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as [string, Labels][];
  return { part, instances: labels.generator.instances };
};
const cases = [
  { name: 'syn_s126_000021', kept: ['3', '1'] }, // the rectangular passage, the triangular blind step
  { name: 'syn_s126_000035', kept: ['2'] }, // the rectangular blind slot
];

describe('a cut floor running out through the block is no plate skin', () => {
  for (const { name, kept } of cases)
    it(`${name}: no base-body or outline stock, and Tier 2's classes stand on the cuts' faces`, async () => {
      const { part, instances } = load(name);
      expect(baseBodyStockFaces(part).every((x) => x === 0)).toBe(true);
      const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
      const called = new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
      const classOf = (i: number) => called.get(part.faces[i].stepId!) ?? null;
      const outline = outlineWallStockFaces(part, classOf);
      for (const k of kept) {
        const { class: className, faces } = instances[k];
        for (const id of faces) {
          expect(called.get(id), `${className} face #${id}`).toBe(className);
          expect(outline[part.faces.findIndex((f) => f.stepId === id)], `outline stock #${id}`).toBe(0);
        }
      }
    });
});
