/**
 * The margins of the free-form skin test (docs/recognition.md, "Session 8: stock faces — the `none` column, free-form
 * skin"): per labelled dev body, every free-form face (B-spline, revolution, extrusion, offset) with no concave edge —
 * the faces {@link freeFormSkinStockFaces} would turn if a tier called them a cavity class or `other_feature` — one
 * line each: part, body, STEP id, truth, surface, width on the exact surface and on the face graph's area, and whether
 * the shipped threshold accepts it. Real parts and MFCAD: the `tune` split only.
 *
 * ```sh
 * npx tsx tools/stock/free-form-margins.ts --set realworld --out /tmp/stk8/rw-free-form.jsonl
 * npx tsx tools/stock/free-form-margins.ts --set synthetic --dir /work/gen/dev --out /tmp/stk8/gen-free-form.jsonl
 * ```
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { bulgeFacts, freeFormSkinStockFaces, MIN_FREE_FORM_SKIN_WIDTH } from '../../src/stages/recognize/stock-skin.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { devBodies } from './dev-bodies.js';

async function main(): Promise<void> {
  const { out, bodies, close } = devBodies();
  writeFileSync(out, '');
  let n = 0;
  for await (const { item, b, body, faceMap, truth } of bodies()) {
    const g = buildFeatureGraphFromPart(body);
    // every face called other_feature: the candidates are the free-form faces with no concave edge
    const shipped = freeFormSkinStockFaces(body, () => 'other_feature', g);
    const freeForm = body.faces.filter((f) => ['bspline', 'extrusion', 'revolution', 'offset', 'other'].includes(f.surfaceType)).map((f) => f.index);
    const facts = bulgeFacts(body, freeForm, g, { hull: false });
    const lines: string[] = [];
    for (const i of freeForm) {
      const t = truth.faceClass[faceMap[i]];
      const fact = facts.get(i);
      if (!fact) continue;
      const concave = g.neighbours[i].some((k) => g.arcs[k].convexity === 'concave');
      lines.push(JSON.stringify({ part: item.name, body: b, stepId: body.faces[i].stepId, truth: t === NOT_COUNTED ? null : TRUTH_CLASS_NAMES[t], surface: body.faces[i].surfaceType, concaveEdge: concave, surfaceWidth: fact.surfaceWidth, width: fact.width, shipped: shipped[i] === 1, threshold: MIN_FREE_FORM_SKIN_WIDTH }));
    }
    appendFileSync(out, lines.length ? lines.join('\n') + '\n' : '');
    n += lines.length;
  }
  await close();
  process.stdout.write(`${n} free-form faces → ${out}\n`);
  process.exit(0);
}

await main();
