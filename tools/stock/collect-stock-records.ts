/**
 * One JSON line per labelled face, body by body as the pipeline recognizes them, with what the stock
 * criteria look at: truth, Tier 2's answer (composite holes grouped, the base-body plate and bar rule applied,
 * the outline-wall rule not: it is what the records decide), and the face's place relative to the base plate (square to it, running its full
 * thickness between the two base levels with convex edges to both), on a supporting plane of the part,
 * and whether a ray from the face along its outward normal meets the part again (a notch's side walls
 * face each other; a profile's outline faces out). Input to the leave-one-file-out analysis of
 * docs/recognition.md ("Stock: outline walls", session 5).
 *
 * ```sh
 * npx tsx tools/stock/collect-stock-records.ts --set realworld --out /tmp/stock/rw.jsonl
 * npx tsx tools/stock/collect-stock-records.ts --set synthetic --dir /work/gen/dev --limit 100 --out /tmp/stock/gen.jsonl
 * npx tsx tools/stock/collect-stock-records.ts --set mfcad --limit 200 --out /tmp/stock/mfcad.jsonl
 * ```
 * Real parts and MFCAD: the `tune` split only.
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { baseBodyStockFaces, outlineWallRecords } from '../../src/stages/recognize/base-body-stock.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { loadLabelledPart } from '../eval/labelled-part.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld' | 'mfcad';
  if (values.dir && /\/gen\/val\b/.test(values.dir)) throw new Error('the validation set is not for tuning');
  const { items: all } = listSet({ set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}) }, repo);
  const items = values.limit ? evenSample(all, Number(values.limit)) : all;
  const tess = createEvalTessellator();
  const lines: string[] = [];
  for (const item of items) {
    const loaded = await loadLabelledPart(item, tess);
    if (!loaded) continue;
    const { truth, bodies } = loaded;
    bodies.forEach(({ part: body, faceMap }, b) => {
      if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) return;
      // Tier 2's answer with the base body made stock, as the outline-wall rule sees it inside the pass
      // (the pass's own outline turning left out, so the record shows what the rule decides on).
      const t2 = groupCompositeHoles(body, recognizeFeatures(body));
      const base = baseBodyStockFaces(body);
      const t2Class = new Map(t2.faces.map((f) => [f.faceIndex, base[f.faceIndex] === 1 ? 'stock' : f.className]));
      const rec = outlineWallRecords(body);
      let stockArea = 0;
      body.faces.forEach((f, i) => {
        if (truth.faceClass[faceMap[i]] === 24) stockArea += f.area;
      });
      body.faces.forEach((f, i) => {
        const t = truth.faceClass[faceMap[i]];
        if (t === NOT_COUNTED) return;
        lines.push(
          JSON.stringify({ part: item.name, body: b, stepId: f.stepId, truth: TRUTH_CLASS_NAMES[t], t2: t2Class.get(i) ?? 'none', kind: f.surfaceType, area: f.area, bodyStockArea: stockArea, ...rec[i] }),
        );
      });
    });
  }
  await tess.close();
  writeFileSync(values.out!, lines.join('\n') + '\n');
  process.stdout.write(`${lines.length} face records → ${values.out}\n`);
}

await main();
