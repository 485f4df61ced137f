/**
 * One JSON line per labelled face with the facts the stock-skin analysis looks at (docs/recognition.md,
 * "Stock: the part's outer skin", session 6): the face's {@link skinFacts} (on a supporting plane, edge
 * convexity shares, the nearest opposed planar face in front of it and behind it) and the truth. Joined with
 * `collect-pipeline-classes.ts` on (part, body, stepId) by `lofo-skin.py`.
 *
 * ```sh
 * npx tsx tools/stock/collect-skin-records.ts --set realworld --out /tmp/stk/rw-skin.jsonl
 * npx tsx tools/stock/collect-skin-records.ts --set synthetic --dir /work/gen/dev --limit 100 --out /tmp/stk/gen-skin.jsonl
 * ```
 * Real parts and MFCAD: the `tune` split only.
 * @internal
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { skinFacts } from '../../src/stages/recognize/stock-skin.js';
import { listSet } from '../eval/eval-sets.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { loadLabelledPart } from '../eval/labelled-part.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { set: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, parts: { type: 'string' } },
  });
  const repo = resolve(import.meta.dirname, '..', '..');
  const set = values.set as 'synthetic' | 'realworld' | 'mfcad';
  if (values.dir && /\/gen\/val/.test(values.dir)) throw new Error('the validation set is not for tuning');
  const { items: all } = listSet({ set, split: 'tune', ...(values.dir ? { dir: values.dir } : {}) }, repo);
  const only = values.parts ? new Set(values.parts.split(',')) : null;
  const sampled = values.limit ? evenSample(all, Number(values.limit)) : all;
  const items = only ? sampled.filter((i) => only.has(i.name)) : sampled;
  const tess = createEvalTessellator();
  writeFileSync(values.out!, '');
  let n = 0;
  for (const item of items) {
    const loaded = await loadLabelledPart(item, tess);
    if (!loaded) continue;
    const { truth, bodies } = loaded;
    for (const [b, { part: body, faceMap }] of bodies.entries()) {
      if (!faceMap.some((fi) => truth.faceClass[fi] !== NOT_COUNTED)) continue;
      const facts = skinFacts(body);
      const lines: string[] = [];
      body.faces.forEach((f, i) => {
        const t = truth.faceClass[faceMap[i]];
        if (t === NOT_COUNTED) return;
        lines.push(JSON.stringify({ part: item.name, body: b, stepId: f.stepId, face: i, truth: TRUTH_CLASS_NAMES[t], area: f.area, surface: f.surfaceType, reversed: f.reversed, ...facts[i] }));
      });
      appendFileSync(values.out!, lines.length ? lines.join('\n') + '\n' : '');
      n += lines.length;
    }
  }
  await tess.close();
  process.stdout.write(`${n} face records → ${values.out}\n`);
  process.exit(0);
}

await main();
