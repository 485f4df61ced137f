/**
 * Pieces of polygonal cuts that another cut left (generated box dev parts, test/fixtures/generated):
 * - two walls of a hexagonal passage meeting at 120°, all a crossing passage left of it, are a six-sided passage's
 *   (tier2-heuristics/depression-shape.ts `wallOutline`; they read as a triangular passage);
 * - the two halves of a two-sided through step's roof fold concavely even where a later cut took the ridge between them
 *   (syn_s126_000023) or where they meet at 4.6° along an edge the graph calls smooth (syn_s126_000035): they are one
 *   two-sided step (tier2-heuristics/roof-valley.ts, through-step-rule.ts), not two slanted steps, and the convex-face
 *   stock rule keeps them (stock-skin.ts: each half had only convex edges, and was made stock once read two-sided).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);

async function classesOf(name: string): Promise<Map<number, string>> {
  const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`)))));
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
  return new Map(result.faces.map((f) => [part.faces[f.faceIndex].stepId!, f.className]));
}

const cases = [
  { name: 'syn_s126_000019', what: 'the two-wall pieces of a hexagonal passage', className: '6sides_passage', faces: [2113, 2140, 2197, 2224] },
  { name: 'syn_s126_000023', what: 'the roof halves of a two-sided step whose ridge a later cut took', className: '2sides_through_step', faces: [17, 2864] },
  { name: 'syn_s126_000035', what: 'the roof halves of a two-sided step meeting at 4.6°', className: '2sides_through_step', faces: [1452, 1619] },
];

describe('pieces of polygonal cuts', () => {
  for (const { name, what, className, faces } of cases)
    it(`${name}: ${what} are ${className}`, async () => {
      const called = await classesOf(name);
      for (const id of faces) expect(called.get(id), `face #${id}`).toBe(className);
    });
});
